using System.Diagnostics;
using TokenMonitor.Reading;
using TokenMonitor.Store;

namespace TokenMonitor.Bench;

/// <summary>
/// The store's write speed on a corpus, engine only: reading alone, then reading and saving into a new store in
/// batches (as Save-UsageRecord does), then the same import again, which finds every key stored and writes nothing.
/// </summary>
internal static class StoreBench
{
    public static int Run(string folder, string? connectionString, int batchSize)
    {
        var files = LogFileLocator.Enumerate(folder, recurse: true).ToList();
        var clock = Stopwatch.StartNew();
        var records = Read(files).LongCount();
        var readSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"read alone:      {records,12:N0} records in {readSeconds,7:N2} s  {records / readSeconds,12:N0} records/s");

        var target = connectionString ?? Path.Combine(Path.GetTempPath(), $"tokenmonitor-bench-{Guid.NewGuid():N}.db");
        try
        {
            using var store = UsageStore.Open(target);
            foreach (var label in new[] { "read + save", "read + re-save" })
            {
                clock.Restart();
                var result = default(SaveResult);
                foreach (var batch in Read(files).Chunk(batchSize)) result += store.Save(batch);
                var seconds = clock.Elapsed.TotalSeconds;
                Console.WriteLine($"{label + ":",-16} {result.Received,12:N0} records in {seconds,7:N2} s  {result.Received / seconds,12:N0} records/s  " +
                    $"{seconds / readSeconds,5:N1}x reading alone  ({result.Written:N0} written, {store.Engine}, batches of {batchSize:N0})");
            }

            clock.Restart();
            var back = store.Query(UsageQuery.All).LongCount();
            Console.WriteLine($"query all:       {back,12:N0} records in {clock.Elapsed.TotalSeconds,7:N2} s  {back / clock.Elapsed.TotalSeconds,12:N0} records/s");
        }
        finally
        {
            if (connectionString is null)
            {
                foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(target + suffix);
            }
        }

        return 0;
    }

    private static IEnumerable<UsageRecord> Read(List<string> files) =>
        new UsageLogReader().Read(files).Where(i => i.Record is not null).Select(i => i.Record!);
}
