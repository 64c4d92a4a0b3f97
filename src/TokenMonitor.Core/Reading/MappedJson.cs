using System.Text.Json;

namespace TokenMonitor.Reading;

/// <summary>JSON objects of any shape, read through -ColumnMap's dotted paths (usage.in, meta.model …).</summary>
internal static class MappedJson
{
    public static void Read(ReadOnlySpan<byte> json, long line, SourceContext source, FileReadResult result)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new UsageFormatException(ReadIssueKind.UnknownShape, "the line is not a JSON object");
        var map = FieldMap.ForPaths(result.Options.ColumnMap, root.EnumerateObject().Select(p => p.Name));
        var tokenFields = new[] { "InputTokens", "PromptTokens", "OutputTokens" }.Where(map.Has).ToList();
        if (tokenFields.Count == 0)
        {
            throw new UsageFormatException(ReadIssueKind.MissingField, "-ColumnMap names no token field (InputTokens, PromptTokens or OutputTokens) and none is found by name");
        }

        if (tokenFields.All(field => Value(root, map.SourceOf(field)!) is null))
        {
            // A line the map finds no counts in is not a call of zero tokens.
            throw new UsageFormatException(ReadIssueKind.MissingField,
                $"none of the mapped token fields ({string.Join(", ", tokenFields.Select(map.SourceOf))}) is in this object");
        }

        var record = map.Build(path => Value(root, path), source.FileTime, "Json");
        RecordFactory.Locate(record, source, line, record.RequestId is null ? null : "json", $"{source.File}:{record.RequestId}");
        result.Add(record);
    }

    /// <summary>The property named by the whole path (OTel-style keys such as gen_ai.usage.input_tokens), else by its dotted parts.</summary>
    private static string? Value(JsonElement root, string path)
    {
        if (!root.TryGetProperty(path, out var current))
        {
            current = root;
            foreach (var part in path.Split('.'))
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current)) return null;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => current.GetRawText(),
            JsonValueKind.Array => string.Join(';', current.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())),
            _ => null,
        };
    }
}
