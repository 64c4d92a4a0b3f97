using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;

namespace TokenMonitor.Commands;

/// <summary>
/// Writes what a script pipes in (Invoke-RestMethod's PSCustomObjects, hashtables, JSON text) as UTF-8 JSON, so
/// the engine reads it exactly as it reads a logged response and never sees a PSObject. ConvertTo-Json is not
/// used: it lives in a module a hosted engine may lack, and its default depth of 2 would cut usage details off.
/// </summary>
internal static class PSObjectJson
{
    private const int MaxDepth = 64;

    public static byte[] ToUtf8(PSObject value)
    {
        if (value.BaseObject is string text) return System.Text.Encoding.UTF8.GetBytes(text);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value, 0);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth) throw new ArgumentException($"The object nests deeper than {MaxDepth} levels.");
        var psObject = value as PSObject;
        var baseObject = psObject?.BaseObject ?? value;
        switch (baseObject)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string s:
                writer.WriteStringValue(s);
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case DateTime time:
                // A time without a zone is UTC, as everywhere in TokenMonitor; never the machine's local time.
                var utc = time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
                writer.WriteStringValue(utc.ToString("o", CultureInfo.InvariantCulture));
                return;
            case double d when !double.IsFinite(d):
            case float f when !float.IsFinite(f):
                writer.WriteNullValue(); // JSON has no NaN or infinity
                return;
            case DateTimeOffset instant:
                writer.WriteStringValue(instant.ToString("o", CultureInfo.InvariantCulture));
                return;
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal:
                writer.WriteRawValue(Convert.ToString(baseObject, CultureInfo.InvariantCulture)!);
                return;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                return;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(entry.Key.ToString()!);
                    Write(writer, entry.Value, depth + 1);
                }

                writer.WriteEndObject();
                return;
            case IEnumerable sequence when baseObject is not PSCustomObject:
                writer.WriteStartArray();
                foreach (var item in sequence) Write(writer, item, depth + 1);
                writer.WriteEndArray();
                return;
        }

        // PSCustomObject and other objects: their properties, as PowerShell shows them.
        writer.WriteStartObject();
        foreach (var property in (psObject ?? PSObject.AsPSObject(baseObject)).Properties)
        {
            if (!property.IsGettable) continue;
            object? propertyValue;
            try
            {
                propertyValue = property.Value;
            }
            catch (GetValueException)
            {
                continue;
            }

            writer.WritePropertyName(property.Name);
            Write(writer, propertyValue, depth + 1);
        }

        writer.WriteEndObject();
    }
}
