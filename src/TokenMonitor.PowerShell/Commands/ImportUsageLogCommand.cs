using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using TokenMonitor.Reading;
using TokenMonitor.Store;

namespace TokenMonitor.Commands;

/// <summary>Reads usage logs and API responses into UsageRecord objects.</summary>
[Cmdlet(VerbsData.Import, "UsageLog", DefaultParameterSetName = PathSet)]
[OutputType(typeof(UsageRecord))]
public sealed class ImportUsageLogCommand : PSCmdlet, IDisposable
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string ObjectSet = "InputObject";
    private const int ProgressActivity = 0x7011;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _files = [];
    private readonly HashSet<string> _seenFiles = new(StringComparer.Ordinal);
    private UsageLogReader? _reader;
    private bool _pathsGiven;
    private int _objects;

    // Pipeline fusion (PipelineFusion.cs): decided at the first record or before the files are read; then every record
    // goes either to the next command directly (_sink) or through WriteObject.
    private bool _sinkDecided;
    private IUsageRecordSink? _sink;
    private long _handedOver;

    /// <summary>Files or folders; without one, the Claude Code, Codex and Gemini CLI log folders of this machine.</summary>
    [Parameter(ParameterSetName = PathSet, Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>A response object (Invoke-RestMethod's result), a hashtable, or a JSON string, recorded as it is made.</summary>
    [Parameter(ParameterSetName = ObjectSet, Mandatory = true, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Whose API the objects come from, where their shape does not say (OpenAI, Anthropic, Azure).</summary>
    [Parameter(ParameterSetName = ObjectSet)]
    [ValidateSet("OpenAI", "Anthropic", "Azure")]
    public string? Provider { get; set; }

    /// <summary>Read the log files in folders below the given folders too.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Only records at or after this moment.</summary>
    [Parameter]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Only records before this moment.</summary>
    [Parameter]
    public DateTimeOffset? Until { get; set; }

    /// <summary>Attribution stamped onto every record read.</summary>
    [Parameter]
    public string? Project { get; set; }

    [Parameter]
    public string? User { get; set; }

    [Parameter]
    public string? Service { get; set; }

    [Parameter]
    public string? Job { get; set; }

    [Parameter]
    public string[] Tag { get; set; } = [];

    /// <summary>Where usage fields are in CSV columns or in JSON of another shape: @{ InputTokens = 'tokens_in'; Model = 'meta.model' }.</summary>
    [Parameter]
    public Hashtable? ColumnMap { get; set; }

    /// <summary>How to read the files: Auto (by name and content), Json, Csv or Tsv.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public LogFormat Format { get; set; } = LogFormat.Auto;

    /// <summary>Also output the copies that dedup merged (marked IsDuplicate; never counted by the other cmdlets).</summary>
    [Parameter]
    public SwitchParameter IncludeDuplicates { get; set; }

    /// <summary>The files' text encoding when it is not UTF-8: utf8, unicode (UTF-16LE), bigendianunicode, utf32, latin1, or a code page.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ArgumentCompleter(typeof(EncodingNameCompleter))]
    public string? Encoding { get; set; }

    /// <summary>Read only what is new since the last import into the store: files unchanged are skipped, files that grew are read from where the last run stopped.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public SwitchParameter Incremental { get; set; }

    /// <summary>The store whose saved reading progress -Incremental uses; as for Save-UsageRecord.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    protected override void BeginProcessing()
    {
        var map = ColumnMap?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "", StringComparer.OrdinalIgnoreCase);
        System.Text.Encoding? encoding = null;
        try
        {
            if (map is not null) FieldMap.Create(map, []);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ex, "InvalidColumnMap", ColumnMap));
        }

        try
        {
            encoding = EncodingNames.Find(Encoding);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ex, "InvalidEncoding", Encoding));
        }

        _reader = new UsageLogReader(new ReadOptions
        {
            Since = Since,
            Until = Until,
            IncludeDuplicates = IncludeDuplicates.IsPresent,
            Encoding = encoding,
            ColumnMap = map,
            Format = Format,
            Stamp = (Project ?? User ?? Service ?? Job) is not null || Tag.Length > 0 ? new RecordStamp(Project, User, Service, Job, Tag) : null,
        });
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ObjectSet)
        {
            // Objects bind here before any by-property-name binding: those that name a file (Get-ChildItem's
            // items, anything with a PSPath) are paths, as -LiteralPath would have taken them; the rest are responses.
            if (InputObject?.BaseObject is FileSystemInfo item) AddPath(item.FullName, item.FullName);
            else if (InputObject?.Properties["PSPath"]?.Value is string psPath)
            {
                foreach (var resolved in Resolve(psPath, literal: true)) AddPath(psPath, resolved);
            }
            else if (InputObject is not null) ReadObject(InputObject, Provider);
            return;
        }

        var literal = ParameterSetName == LiteralPathSet;
        foreach (var path in literal ? LiteralPath : Path)
        {
            _pathsGiven = true;

            // A JSON string piped without -Provider binds here: text in braces or brackets, which no log file's
            // name is ('[ab].jsonl' is a wildcard, '{x}.jsonl' a name with braces).
            if (!literal && path.Trim() is ['{', .., '}'] or ['[', .., ']'])
            {
                ReadObject(PSObject.AsPSObject(path), null);
                continue;
            }

            foreach (var resolved in Resolve(path, literal)) AddPath(path, resolved);
        }
    }

    // Files are read in EndProcessing so that paths piped one by one share one run: a call copied into
    // several files (a resumed session) is then counted once.
    protected override void EndProcessing()
    {
        // The default folders are for 'Import-UsageLog' alone, not for a pipeline that happened to bring nothing.
        if (ParameterSetName != ObjectSet && !_pathsGiven && _objects == 0 && (MyInvocation.ExpectingInput || !UseDefaultLocations())) return;
        var reader = _reader!;
        foreach (var item in reader.ReadObjectRecords()) Write(item);

        // Fused with the next command: what it does to each record alone (pricing) runs beside the parsing.
        if (DecideSink() is { Prepare: { } prepare }) reader.Prepare = prepare;
        var files = Incremental ? PlanIncremental(reader) : _files;
        var totalBytes = files.Sum(SafeLength);
        var progress = new ProgressRecord(ProgressActivity, "Import-UsageLog", "Reading usage logs");
        var clock = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        try
        {
            var written = 0;
            foreach (var item in reader.Read(files, _stop.Token))
            {
                Write(item);

                // The clock is read every 256 records, not for each of a million.
                if ((++written & 0xFF) == 0 && clock.Elapsed - lastProgress > TimeSpan.FromMilliseconds(250) && totalBytes > 0)
                {
                    lastProgress = clock.Elapsed;
                    progress.PercentComplete = (int)Math.Min(99, reader.BytesRead * 100 / totalBytes);
                    progress.StatusDescription = $"{reader.BytesRead / (1024 * 1024):N0} of {totalBytes / (1024 * 1024):N0} MB, {reader.Statistics.Records:N0} records";
                    WriteProgress(progress);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }

        if (lastProgress > TimeSpan.Zero)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }

        var stats = reader.Statistics;
        WriteVerbose($"Read {stats.Records:N0} records from {stats.Files} files and {_objects} objects ({stats.Bytes:N0} bytes); merged {stats.DuplicatesRemoved:N0} duplicate copies.");
        foreach (var (reason, count) in stats.NotBilled) WriteVerbose($"Not billed, so not read as calls: {count} {reason}.");
        if (_handedOver > 0)
        {
            WriteVerbose($"Records handed straight to {((PSCmdlet)_sink!).MyInvocation.MyCommand.Name}, not written to the pipeline (pipeline fusion): {_handedOver:N0}.");
        }

        if (stats.DescribeSkipped() is { } skipped) WriteWarning(skipped);
    }

    /// <summary>
    /// The files to read, after what the store remembers: unchanged files are left out and grown ones start at their
    /// saved offset. Each file's new progress travels on its last record, for the Save-UsageRecord that stores all of
    /// that file's records to commit it with the last of them (FileProgressTally); nothing is left process-wide.
    /// </summary>
    private List<string> PlanIncremental(UsageLogReader reader)
    {
        var location = StoreConnections.Resolve(this, ConnectionString);
        IReadOnlyDictionary<string, FileProgress> known = new Dictionary<string, FileProgress>();
        if (!StoreConnections.DoesNotExistYet(location))
        {
            using var store = StoreConnections.Open(this, location);
            try
            {
                known = store.GetFileProgress();
            }
            catch (StoreException ex)
            {
                ThrowTerminatingError(ErrorRecords.FromStore(ex, location.Display));
            }
        }

        var plan = new IncrementalImport(known);
        var files = plan.Plan(_files);
        reader.StartAt = plan.StartAt;
        reader.ProgressStore = location.ConnectionString;
        foreach (var reason in plan.Reasons) WriteVerbose(reason);
        WriteVerbose($"Incremental import against {location.Display}: {plan.New} new files, {plan.Resumed} read on from where the last import stopped, {plan.Changed} changed and read whole, {plan.Unchanged} unchanged and skipped.");
        if (Since is not null || Until is not null)
        {
            WriteWarning("-Incremental remembers the files as read: records outside -Since/-Until are not read by later incremental imports either.");
        }

        return files;
    }

    private void ReadObject(PSObject value, string? provider)
    {
        _objects++;
        byte[] json;
        try
        {
            json = PSObjectJson.ToUtf8(value);
        }
        catch (ArgumentException ex)
        {
            WriteError(ErrorRecords.InvalidArgument(ex, "InvalidInputObject", value));
            return;
        }

        foreach (var item in _reader!.ReadObject(json, $"pipeline input {_objects}", provider, DateTimeOffset.UtcNow)) Write(item);
    }

    private void Write(ReadItem item)
    {
        if (item.Record is not { } record)
        {
            WriteError(ErrorRecords.FromReadIssue(item.Issue!));
            return;
        }

        if (DecideSink() is not { } sink)
        {
            WriteObject(record);
            return;
        }

        // WriteObject would throw this once the pipeline stops (Ctrl+C); a record handed over directly stops the run alike.
        if (_stop.IsCancellationRequested) throw new PipelineStoppedException();
        sink.Accept(record);
        _handedOver++;
    }

    private IUsageRecordSink? DecideSink()
    {
        if (!_sinkDecided)
        {
            _sink = PipelineFusion.FindSink(this);
            _sinkDecided = true;
        }

        return _sink;
    }

    private void AddPath(string path, string resolved)
    {
        if (!Directory.Exists(resolved))
        {
            AddFile(resolved);
            return;
        }

        var found = 0;
        foreach (var file in LogFileLocator.Enumerate(resolved, Recurse.IsPresent))
        {
            AddFile(file);
            found++;
        }

        // Claude Code keeps its logs a folder or two down: say so rather than return nothing.
        if (found == 0 && !Recurse.IsPresent && LogFileLocator.Enumerate(resolved, recurse: true).Any())
        {
            WriteWarning($"'{path}' holds no usage logs itself, but its subfolders do: add -Recurse to read them.");
        }
    }

    /// <summary>With no path, the agents' folders of this machine (CLAUDE_CONFIG_DIR, CODEX_HOME, GEMINI_DATA_DIR or the defaults).</summary>
    private bool UseDefaultLocations()
    {
        var folders = DefaultLocations.Existing();
        if (folders.Count == 0)
        {
            WriteWarning("No path was given and no Claude Code, Codex or Gemini CLI log folder exists here (~/.claude/projects, ~/.config/claude/projects, ~/.codex/sessions, ~/.codex/archived_sessions, ~/.gemini/tmp, or CLAUDE_CONFIG_DIR / CODEX_HOME / GEMINI_DATA_DIR).");
            return false;
        }

        foreach (var folder in folders)
        {
            WriteVerbose($"Reading {folder}");
            foreach (var file in LogFileLocator.Enumerate(folder, recurse: true)) AddFile(file);
        }

        return true;
    }

    private IEnumerable<string> Resolve(string path, bool literal)
    {
        ProviderInfo provider;
        List<string> resolved;
        try
        {
            resolved = literal
                ? [SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _)]
                : [.. GetResolvedProviderPathFromPSPath(path, out provider)];
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or PSNotSupportedException)
        {
            // One bad path is one error; the other paths are still read.
            WriteError(ex is ItemNotFoundException ? ErrorRecords.PathNotFound(path) : ErrorRecords.InvalidPath(ex, path));
            return [];
        }

        if (provider.Name != "FileSystem")
        {
            WriteError(ErrorRecords.NotFileSystemPath(path, provider.Name));
            return [];
        }

        if (resolved.Count == 0 || (literal && !File.Exists(resolved[0]) && !Directory.Exists(resolved[0])))
        {
            WriteError(ErrorRecords.PathNotFound(path));
            return [];
        }

        return resolved;
    }

    private void AddFile(string file)
    {
        if (_seenFiles.Add(file)) _files.Add(file);
    }

    private static long SafeLength(string file)
    {
        try
        {
            return new FileInfo(file).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();
}
