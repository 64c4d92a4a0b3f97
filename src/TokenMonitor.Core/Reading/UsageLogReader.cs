using System.Runtime.CompilerServices;
namespace TokenMonitor.Reading;

/// <summary>
/// Reads usage logs into records for one run. Files are parsed in parallel, a few ahead of the consumer, and
/// handed over in the order given, each file's records in file order. Copies of a call are merged within a
/// file (the better copy wins) and across the files of the run, where the first file's copy stands: resumed
/// sessions and replays repeat a call unchanged, and handing each file over as soon as it is read keeps memory
/// flat. ccusage, which holds every record before it reports, would keep a later file's copy if it were larger.
/// </summary>
public sealed class UsageLogReader(ReadOptions? options = null)
{
    private readonly ReadOptions _options = options ?? ReadOptions.Default;
    private readonly SeenCalls _seen = new();
    private long _bytesRead;

    /// <summary>How many files are parsed at once; the consumer waits only when the next file in order is not done.</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public ReadStatistics Statistics { get; } = new();

    /// <summary>Where to start reading a file (an incremental import's saved offset); null or a null answer reads it whole.</summary>
    public Func<string, FileStart?>? StartAt { get; set; }

    /// <summary>
    /// Called with a file and what its read left (size, offset, head digest) once every item of that file has been
    /// handed to the consumer; not called for a file whose reading was stopped.
    /// </summary>
    public Action<string, FileResume>? FileDelivered { get; set; }

    /// <summary>
    /// For an incremental import: the store whose progress planned the read. Each record then carries its file
    /// (<see cref="UsageRecord.Delivery"/>) and each file's last record its completion, for Save-UsageRecord to commit
    /// with that record (see <see cref="Store.FileProgressTally"/>). A file that hands on no record completes on the
    /// record before it, or on the run's first; a run that hands on no record at all leaves no progress (its files
    /// are simply read again next time).
    /// </summary>
    public string? ProgressStore { get; set; }

    /// <summary>
    /// Called on the parsing thread for every record a file keeps, before the file is handed over: work that needs
    /// only the record (pricing) runs there in parallel. It must be thread-safe; records it sees may still be dropped
    /// as copies or by the time window.
    /// </summary>
    public Action<UsageRecord>? Prepare { get; set; }

    /// <summary>Bytes read so far across files; safe to read from any thread.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public IEnumerable<ReadItem> Read(IEnumerable<string> files, CancellationToken cancel = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var pending = new Queue<Task<FileReadResult>>();
        using var next = files.GetEnumerator();
        var held = new List<ReadItem>();
        var waiting = new List<FileDelivery>();
        try
        {
            Fill(pending, next, stop.Token);
            while (pending.Count > 0)
            {
                var result = pending.Dequeue().GetAwaiter().GetResult();
                Fill(pending, next, stop.Token);
                Statistics.Files++;
                if (ProgressStore is null)
                {
                    foreach (var item in Deliver(result)) yield return item;
                    if (result.Resume is { } resume) FileDelivered?.Invoke(result.Path, resume);
                    continue;
                }

                // The last record handed on is held back (with any issues after it) until the next record or the
                // end of its file, so that, when it is its file's last, it carries the file's progress with it.
                var delivery = result.Resume is { } fileResume ? new FileDelivery(result.Path, ProgressStore, fileResume) : null;
                var handedOn = 0L;
                foreach (var item in Deliver(result))
                {
                    if (item.Record is not { } record)
                    {
                        if (held.Count == 0) yield return item;
                        else held.Add(item);
                        continue;
                    }

                    if (delivery is not null)
                    {
                        record.Delivery = delivery;
                        handedOn++;
                    }

                    foreach (var earlier in held) yield return earlier;
                    held.Clear();
                    if (waiting.Count > 0)
                    {
                        (record.Completes ??= []).AddRange(waiting);
                        waiting.Clear();
                    }

                    held.Add(item);
                }

                if (delivery is null) continue;
                delivery.Complete(handedOn);
                FileDelivered?.Invoke(result.Path, delivery.Resume);

                // A file that handed on no record (all copies of calls already read, or no calls) rides on the
                // record held back, or on the run's first record: it has nothing that could be lost with it.
                if (held.Count > 0) (held[0].Record!.Completes ??= []).Add(delivery);
                else waiting.Add(delivery);
            }

            foreach (var last in held) yield return last;
        }
        finally
        {
            // A consumer that stops early (Select-Object -First, Ctrl+C) must not leave parsers running.
            stop.Cancel();
            foreach (var task in pending)
            {
                try
                {
                    task.Wait();
                }
                catch (AggregateException ex) when (ex.InnerException is OperationCanceledException)
                {
                }
            }
        }
    }

    /// <summary>
    /// One object handed over by a script (a response from Invoke-RestMethod as JSON, a JSON string): read like a
    /// file named <paramref name="name"/>, timed <paramref name="now"/> when it carries no time, and merged with
    /// everything this reader has read.
    /// </summary>
    public IEnumerable<ReadItem> ReadObject(byte[] utf8Json, string name, string? provider, DateTimeOffset now)
    {
        var source = new SourceContext { File = name, FileTime = now, ProviderHint = provider };
        var parsed = LogFileParser.ParseText(utf8Json, source, _options);
        Statistics.Bytes += parsed.Bytes;
        if (parsed.Items.Count == 0 && parsed.NotBilled.Count == 0)
        {
            var none = new ReadIssue(ReadIssueKind.UnknownShape, name, 1, "the object holds no usage counts that TokenMonitor recognises");
            Statistics.Count(none);
            yield return new ReadItem(null, none);
        }

        // Part of the key of a record without a provider id: two different objects are two calls, even when the
        // counts, model and (absent) time they carry agree.
        string? digest = null;
        foreach (var item in parsed.Items)
        {
            if (item.Issue is not null)
            {
                Statistics.Count(item.Issue);
                yield return item;
            }
            else
            {
                item.Record!.SourceDigest ??= digest ??= Convert.ToHexString(System.IO.Hashing.XxHash128.Hash(utf8Json));
                _objects.Add(item.Record!);
            }
        }
    }

    /// <summary>
    /// The records of every object read so far, copies merged as within one file (streamed chunks of one response
    /// piped one by one keep their largest), through the window, the run's dedup and the stamp.
    /// </summary>
    public IEnumerable<ReadItem> ReadObjectRecords()
    {
        var objects = _objects;
        _objects = new FileReadResult("pipeline input", _options);
        return Deliver(objects);
    }

    private FileReadResult _objects = new("pipeline input", options);

    /// <summary>A parsed file's items, through the run's window, dedup and stamp, with the statistics kept.</summary>
    private IEnumerable<ReadItem> Deliver(FileReadResult result)
    {
        Statistics.Bytes += result.Bytes;
        Statistics.DuplicatesRemoved += result.DuplicatesInFile;
        foreach (var (reason, count) in result.NotBilled) Statistics.NotBilled[reason] = Statistics.NotBilled.GetValueOrDefault(reason) + count;
        var items = result.Items;
        for (var k = 0; k < items.Count; k++)
        {
            // Eight records ahead: about as many cache misses as the CPU keeps in flight.
            if (k + PrefetchDistance < items.Count && items[k + PrefetchDistance].Record is { } ahead) _seen.Prefetch(ahead);
            var item = items[k];
            if (item.Issue is not null)
            {
                Statistics.Count(item.Issue);
                yield return item;
            }
            else if (Admit(item.Record!))
            {
                if (!item.Record!.IsDuplicate) Statistics.Records++;
                yield return item;
            }
        }
    }

    private const int PrefetchDistance = 8;

    private void Fill(Queue<Task<FileReadResult>> pending, IEnumerator<string> next, CancellationToken cancel)
    {
        // Four files per core in flight: enough to keep every core busy behind a large file (two left one core idle a
        // tenth of the time on the benchmark corpus), few enough that records are handed on while still in cache and
        // memory stays flat (sixteen cost a fifth more CPU).
        while (pending.Count < Parallelism * 4 && next.MoveNext())
        {
            var file = next.Current;
            pending.Enqueue(Parallelism == 1
                ? Task.FromResult(Parse(file, cancel))
                : Task.Run(() => Parse(file, cancel), cancel));
        }
    }

    private FileReadResult Parse(string file, CancellationToken cancel)
    {
        var reported = 0L;
        var result = LogFileParser.Parse(file, _options, cancel, done =>
        {
            Interlocked.Add(ref _bytesRead, done - reported);
            reported = done;
        }, StartAt?.Invoke(file));
        if (Prepare is { } prepare)
        {
            foreach (var item in result.Items)
            {
                if (item.Record is { } record) prepare(record);
            }
        }

        return result;
    }

    /// <summary>Applies the time window, dedup across files and the stamp; duplicates pass only when asked for, marked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Admit(UsageRecord record)
    {
        if (_options.Since is { } since && record.Timestamp < since) return false;
        if (_options.Until is { } until && record.Timestamp >= until) return false;
        if (record.IsDuplicate) return Stamped(record);
        if (!Keep(record))
        {
            record.IsDuplicate = true;
            return _options.IncludeDuplicates && Stamped(record);
        }

        return Stamped(record);
    }

    private bool Stamped(UsageRecord record)
    {
        _options.Stamp?.Apply(record);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Keep(UsageRecord record)
    {
        if (!Deduplication.Applies(record) || _seen.Add(record)) return true;
        Statistics.DuplicatesRemoved++;
        return false;
    }
}
