namespace TokenMonitor.Reading;

/// <summary>
/// Reads usage logs into records for one run. Copies of a call are merged within a file (the better copy
/// wins) and across the files of the run, where the first file's copy stands: resumed sessions and replays
/// repeat a call unchanged, and emitting each file's records as soon as it is read keeps memory flat.
/// ccusage, which holds every record before it reports, would keep a later file's copy if it were larger.
/// </summary>
public sealed class UsageLogReader
{
    private readonly DedupIndex _seen = new();

    public ReadStatistics Statistics { get; } = new();

    /// <summary>Bytes of the current run read so far, across files; safe to read from the consuming thread.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    private long _bytesRead;

    public IEnumerable<ReadItem> Read(IEnumerable<string> files, CancellationToken cancel = default)
    {
        foreach (var file in files)
        {
            var before = BytesRead;
            var result = LogFileParser.Parse(file, cancel, done => Interlocked.Exchange(ref _bytesRead, before + done));
            Statistics.Files++;
            Statistics.Bytes += result.Bytes;
            Statistics.DuplicatesRemoved += result.DuplicatesInFile;
            Interlocked.Exchange(ref _bytesRead, before + result.Bytes);
            foreach (var item in result.Items)
            {
                if (item.Issue is not null)
                {
                    Statistics.Count(item.Issue);
                    yield return item;
                }
                else if (Keep(item.Record!))
                {
                    Statistics.Records++;
                    yield return item;
                }
            }
        }
    }

    private bool Keep(UsageRecord record)
    {
        if (!Deduplication.Applies(record)) return true;
        if (_seen.TryFind(record, out _, out _))
        {
            Statistics.DuplicatesRemoved++;
            return false;
        }

        _seen.Add(record, 0);
        return true;
    }
}
