using System.Diagnostics;
using System.Management.Automation;
using TokenMonitor.Store;

namespace TokenMonitor.Commands;

/// <summary>Stores usage records in the usage store, once per record key; a larger copy of a call replaces a smaller one.</summary>
[Cmdlet(VerbsData.Save, "UsageRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(UsageRecord))]
public sealed class SaveUsageRecordCommand : PSCmdlet, IDisposable
{
    private const int ProgressActivity = 0x7012;
    private readonly List<UsageRecord> _batch = [];
    private readonly List<FileProgress> _progress = [];
    private FileProgressTally? _tally;
    private readonly Stopwatch _clock = new();
    private StoreLocation? _location;
    private IUsageStore? _store;
    private SaveResult _total;
    private long _duplicatesSkipped;
    private TimeSpan _lastProgress;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public UsageRecord[] InputObject { get; set; } = [];

    /// <summary>A SQLite file (path or Data Source=…) or a PostgreSQL connection string (Host=…); default $env:TOKENMONITOR_STORE, else usage.db in the data folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Write each record on after its batch is committed: all it received (but IsDuplicate copies), including those the
    /// store already held, so the pipeline goes on with the same records (Example 4 prices them after saving).
    /// </summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Records per transaction.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 5_000;

    protected override void BeginProcessing()
    {
        _location = StoreConnections.Resolve(this, ConnectionString);
        _tally = new FileProgressTally(_location);
        _clock.Start();
    }

    protected override void ProcessRecord()
    {
        foreach (var record in InputObject)
        {
            // Copies dedup merged (Import-UsageLog -IncludeDuplicates) are never counted, so never stored.
            if (record is null) continue;

            // Counted before anything is skipped: a file's progress (from Import-UsageLog -Incremental) is released
            // only when every record of that file reached this Save, and goes into the batch being filled.
            _tally!.Receive(record, _progress);
            if (record.IsDuplicate)
            {
                _duplicatesSkipped++;
                continue;
            }

            _batch.Add(record);
            if (_batch.Count >= BatchSize) Flush();
        }
    }

    protected override void EndProcessing()
    {
        Flush();
        if (_lastProgress > TimeSpan.Zero) WriteProgress(new ProgressRecord(ProgressActivity, "Save-UsageRecord", "Done") { RecordType = ProgressRecordType.Completed });
        foreach (var file in _tally!.Withheld)
        {
            WriteVerbose($"The progress of {file} is not saved: not every record read from it reached Save-UsageRecord (or it was read against another store), so the next incremental import reads it again.");
        }

        if (_duplicatesSkipped > 0) WriteVerbose($"Skipped {_duplicatesSkipped:N0} records marked IsDuplicate.");
        if (_store is not null)
        {
            WriteVerbose($"Saved to {_location!.Display}: {_total.Received:N0} records, {_total.Written:N0} new or larger, {_total.Unchanged:N0} already stored.");
        }
    }

    private void Flush()
    {
        if (_batch.Count == 0 && _progress.Count == 0) return;
        var location = _location!;
        if (!ShouldProcess(location.Display, $"Save {_batch.Count:N0} usage records"))
        {
            // -WhatIf, or No at -Confirm: nothing is written, and the files' progress is forgotten with their records.
            _batch.Clear();
            _progress.Clear();
            return;
        }

        _store ??= StoreConnections.Open(this, location);
        try
        {
            _total += _store.Save(_batch, _progress);
        }
        catch (StoreException ex)
        {
            ThrowTerminatingError(ErrorRecords.FromStore(ex, location.Display));
        }

        _progress.Clear();
        if (PassThru) WriteObject(_batch, enumerateCollection: true);
        _batch.Clear();
        if (_clock.Elapsed - _lastProgress > TimeSpan.FromMilliseconds(250))
        {
            _lastProgress = _clock.Elapsed;
            WriteProgress(new ProgressRecord(ProgressActivity, "Save-UsageRecord", $"{_total.Received:N0} records saved to {location.Display}"));
        }
    }

    public void Dispose() => _store?.Dispose();
}
