using TokenMonitor.Reading;

namespace TokenMonitor.Bench;

/// <summary>The engine's reader over a folder, without PowerShell, to separate parsing from pipeline cost.</summary>
internal static class EngineRead
{
    public static (long Records, long Duplicates, int Issues) Run(string folder)
    {
        var parallelism = int.TryParse(Environment.GetEnvironmentVariable("TM_PARALLELISM"), out var p) ? p : Environment.ProcessorCount;
        var reader = new UsageLogReader { Parallelism = parallelism };
        long records = 0;
        foreach (var item in reader.Read(LogFileLocator.Enumerate(folder, recurse: true)))
        {
            if (item.Record is not null) records++;
        }

        return (records, reader.Statistics.DuplicatesRemoved, reader.Statistics.Issues);
    }
}
