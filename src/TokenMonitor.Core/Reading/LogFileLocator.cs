namespace TokenMonitor.Reading;

/// <summary>Which files in a folder are usage logs, in a stable order so that runs repeat exactly.</summary>
public static class LogFileLocator
{
    private static readonly string[] Extensions = [".jsonl", ".json", ".jsonl.gz", ".json.gz", ".jsonl.zst", ".csv", ".tsv", ".csv.gz", ".tsv.gz"];

    public static bool IsLogFile(string path) =>
        Extensions.Any(ext => path.EndsWith(ext, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<string> Enumerate(string folder, bool recurse)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = recurse,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            MatchCasing = MatchCasing.CaseInsensitive,
        };
        return Directory.EnumerateFiles(folder, "*", options)
            .Where(IsLogFile)
            .Order(StringComparer.Ordinal);
    }
}
