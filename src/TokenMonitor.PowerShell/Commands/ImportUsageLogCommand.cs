using System.Diagnostics;
using System.Management.Automation;
using TokenMonitor.Reading;

namespace TokenMonitor.Commands;

/// <summary>Reads usage logs (Claude Code sessions, OpenAI and Anthropic responses) into UsageRecord objects.</summary>
[Cmdlet(VerbsData.Import, "UsageLog", DefaultParameterSetName = PathSet)]
[OutputType(typeof(UsageRecord))]
public sealed class ImportUsageLogCommand : PSCmdlet, IDisposable
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int ProgressActivity = 0x7011;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _files = [];
    private readonly HashSet<string> _seenFiles = new(StringComparer.Ordinal);

    /// <summary>Files or folders; without one, the Claude Code and Codex log folders of this machine.</summary>
    [Parameter(ParameterSetName = PathSet, Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Read the log files in folders below the given folders too.</summary>
    [Parameter]
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

    /// <summary>Also output the copies that dedup merged (marked IsDuplicate; never counted by the other cmdlets).</summary>
    [Parameter]
    public SwitchParameter IncludeDuplicates { get; set; }

    /// <summary>The files' text encoding when it is not UTF-8: utf8, unicode (UTF-16LE), bigendianunicode, utf32, latin1, or a code page.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(EncodingNameCompleter))]
    public string? Encoding { get; set; }

    private bool _pathsGiven;

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        _pathsGiven |= literal ? LiteralPath.Length > 0 : Path.Length > 0;
        foreach (var path in literal ? LiteralPath : Path)
        {
            foreach (var resolved in Resolve(path, literal))
            {
                if (Directory.Exists(resolved))
                {
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
                else
                {
                    AddFile(resolved);
                }
            }
        }
    }

    // Files are read in EndProcessing so that paths piped one by one share one run: a call copied into
    // several files (a resumed session) is then counted once.
    protected override void EndProcessing()
    {
        if (!_pathsGiven && !UseDefaultLocations()) return;
        ReadOptions options;
        try
        {
            options = new ReadOptions
            {
                Since = Since,
                Until = Until,
                IncludeDuplicates = IncludeDuplicates.IsPresent,
                Encoding = EncodingNames.Find(Encoding),
                Stamp = (Project ?? User ?? Service ?? Job) is not null || Tag.Length > 0 ? new RecordStamp(Project, User, Service, Job, Tag) : null,
            };
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ex, "InvalidEncoding", Encoding));
            return;
        }

        var reader = new UsageLogReader(options);
        var totalBytes = _files.Sum(SafeLength);
        var progress = new ProgressRecord(ProgressActivity, "Import-UsageLog", "Reading usage logs");
        var clock = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        try
        {
            foreach (var item in reader.Read(_files, _stop.Token))
            {
                if (item.Record is not null) WriteObject(item.Record);
                else WriteError(ErrorRecords.FromReadIssue(item.Issue!));

                if (clock.Elapsed - lastProgress > TimeSpan.FromMilliseconds(250) && totalBytes > 0)
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
        WriteVerbose($"Read {stats.Records:N0} records from {stats.Files} files ({stats.Bytes:N0} bytes); merged {stats.DuplicatesRemoved:N0} duplicate copies.");
        if (stats.DescribeSkipped() is { } skipped) WriteWarning(skipped);
    }

    /// <summary>With no path, the Claude Code and Codex folders of this machine (CLAUDE_CONFIG_DIR, CODEX_HOME or the defaults).</summary>
    private bool UseDefaultLocations()
    {
        var folders = DefaultLocations.Existing();
        if (folders.Count == 0)
        {
            WriteWarning("No path was given and no Claude Code or Codex log folder exists here (~/.claude/projects, ~/.config/claude/projects, ~/.codex/sessions, or CLAUDE_CONFIG_DIR / CODEX_HOME).");
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
            if (literal)
            {
                resolved = [SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _)];
            }
            else
            {
                resolved = [.. GetResolvedProviderPathFromPSPath(path, out provider)];
            }
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

        if (literal && !File.Exists(resolved[0]) && !Directory.Exists(resolved[0]))
        {
            WriteError(ErrorRecords.PathNotFound(path));
            return [];
        }

        if (resolved.Count == 0) WriteError(ErrorRecords.PathNotFound(path));
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
