using System.Text.Json;

namespace TokenMonitor.Tests.Reading;

/// <summary>samples/expected.json: totals computed by an independent Python script from the same files.</summary>
internal static class Oracle
{
    private static readonly Lazy<JsonElement> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Sample("expected.json"))).RootElement);

    public static JsonElement Claude => Document.Value.GetProperty("claude");
    public static JsonElement Api(string file) => Document.Value.GetProperty("api").GetProperty(file);

    public static long Long(this JsonElement e, string name) => e.GetProperty(name).GetInt64();
}
