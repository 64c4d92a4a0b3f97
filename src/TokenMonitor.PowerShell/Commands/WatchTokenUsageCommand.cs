using System.Globalization;
using System.Management.Automation;
using TokenMonitor.Analytics.Live;
using TokenMonitor.Budgets;
using TokenMonitor.Pricing;
using TokenMonitor.Reading;

namespace TokenMonitor.Commands;

/// <summary>Tails the usage logs and redraws progress bars for the current 5-hour window and a budget until stopped.</summary>
[Cmdlet(VerbsCommon.Watch, "TokenUsage")]
[OutputType(typeof(LiveUsageSnapshot))]
public sealed class WatchTokenUsageCommand : PSCmdlet, IDisposable
{
    private const int WindowActivity = 1;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Folders or files to follow; this machine's Claude Code, Codex and Gemini CLI folders by default.</summary>
    [Parameter(Position = 0)]
    public string[]? Path { get; set; }

    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public decimal? Amount { get; set; }

    [Parameter]
    public BudgetPeriod Period { get; set; } = BudgetPeriod.Daily;

    /// <summary>The plan limit of the 5-hour window in tokens, or "max" for the highest completed window.</summary>
    [Parameter]
    [ValidatePattern(@"^(?i:max|\d{1,18})$")]
    public string? TokenLimit { get; set; }

    [Parameter]
    [ValidateRange(0.05, 3600.0)]
    public double RefreshSeconds { get; set; } = 5;

    /// <summary>Stop after this long.</summary>
    [Parameter]
    public TimeSpan? Duration { get; set; }

    /// <summary>Stop after this many refreshes.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? MaxRefresh { get; set; }

    /// <summary>Read once, draw once, and stop.</summary>
    [Parameter]
    public SwitchParameter Once { get; set; }

    /// <summary>Write a snapshot object at every refresh.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    public string? PricingFile { get; set; }

    [Parameter]
    public string? TimeZone { get; set; }

    protected override void EndProcessing()
    {
        var roots = ResolveRoots();
        if (roots.Count == 0) return;

        var zone = FindZone();
        var budgets = Amount is { } amount
            ? new List<Budget> { new() { Name = Period.ToString().ToLowerInvariant(), Amount = amount, Period = Period, TimeZone = zone } }
            : [];
        var max = string.Equals(TokenLimit, "max", StringComparison.OrdinalIgnoreCase);
        long? limit = TokenLimit is null || max ? null : long.Parse(TokenLimit, CultureInfo.InvariantCulture);
        var monitor = new LiveUsageMonitor(budgets, limit, max);
        var pricing = new PricingSession(new CostCalculator(PricingCatalogs.Load(this, PricingFile), new PricingOptions()),
            remedy: "price such records with Measure-TokenCost -FallbackModel");
        var tail = new LogTail(roots);
        var until = Duration is { } d ? DateTimeOffset.UtcNow + d : (DateTimeOffset?)null;
        var refreshes = Once.IsPresent ? 1 : MaxRefresh;

        for (var refresh = 1; ; refresh++)
        {
            var fresh = tail.Poll();
            foreach (var (record, replaced) in fresh)
            {
                var (cost, warning) = pricing.CostOf(record);
                if (warning is not null) WriteWarning(warning);
                monitor.Add(record, cost, replaced);
            }

            var snapshot = monitor.Snapshot(DateTimeOffset.UtcNow, fresh.Count);
            Draw(snapshot);
            if (PassThru.IsPresent) WriteObject(snapshot);

            if (refreshes is { } n && refresh >= n) break;
            if (until is { } end && DateTimeOffset.UtcNow >= end) break;
            var wait = TimeSpan.FromSeconds(RefreshSeconds);
            if (until is { } stopAt && stopAt - DateTimeOffset.UtcNow < wait) wait = stopAt - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero && _stop.Token.WaitHandle.WaitOne(wait)) break;
            if (_stop.IsCancellationRequested) break;
        }

        Complete(budgets.Count);
    }

    private void Draw(LiveUsageSnapshot snapshot)
    {
        var inv = CultureInfo.InvariantCulture;
        var block = snapshot.Block;
        var window = new ProgressRecord(WindowActivity,
            block is null ? "5-hour window: none active" : $"5-hour window {block.Start.UtcDateTime.ToString("HH:mm", inv)}–{block.End.UtcDateTime.ToString("HH:mm", inv)} UTC",
            snapshot.Summary);
        if (block is not null)
        {
            // With a limit the bar is the share of it; without one, how much of the window has passed.
            window.PercentComplete = block.PercentOfLimit is { } percent
                ? (int)Math.Clamp(percent, 0, 100)
                : (int)Math.Clamp((snapshot.At - block.Start).TotalMinutes / (block.End - block.Start).TotalMinutes * 100, 0, 100);
            window.SecondsRemaining = (int)Math.Max(0, (block.End - snapshot.At).TotalSeconds);
            window.CurrentOperation = $"{block.TotalTokens.ToString("N0", inv)} tokens, {Money.Format(block.Cost)}"
                + (block.TokensPerMinute is { } rate ? $", {rate.ToString("N0", inv)} tokens/min" : "")
                + (block.LimitReachedAt is { } at ? $", limit at {at.UtcDateTime.ToString("HH:mm", inv)} UTC" : "")
                + $", health {snapshot.Health}";
        }

        WriteProgress(window);
        for (var i = 0; i < snapshot.Budgets.Length; i++)
        {
            var status = snapshot.Budgets[i];
            var bar = new ProgressRecord(WindowActivity + 1 + i, $"Budget '{status.Budget}' ({status.Period})", status.Message)
            {
                PercentComplete = (int)Math.Clamp(status.Percent ?? 0, 0, 100),
                CurrentOperation = $"{Money.Format(status.Spent)} of {Money.Format(status.Limit)}"
                    + (status.BurnRatePerHour is { } burn ? $", {Money.Format(burn)}/h" : "")
                    + (status.ProjectedLimitAt is { } at ? $", limit at {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", inv)} UTC" : "")
                    + $", {status.Level}",
            };
            if (status.PeriodEnd is { } end) bar.SecondsRemaining = (int)Math.Max(0, (end - snapshot.At).TotalSeconds);
            WriteProgress(bar);
        }
    }

    private void Complete(int budgets)
    {
        for (var id = WindowActivity; id <= WindowActivity + budgets; id++)
        {
            WriteProgress(new ProgressRecord(id, "TokenMonitor", "done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private List<string> ResolveRoots()
    {
        if (Path is not { Length: > 0 }) return [.. DefaultLocations.Existing()];
        var roots = new List<string>();
        foreach (var path in Path)
        {
            var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (File.Exists(full) || Directory.Exists(full)) roots.Add(full);
            else WriteError(ErrorRecords.PathNotFound(path));
        }

        return roots;
    }

    private TimeZoneInfo FindZone()
    {
        try
        {
            return TokenMonitor.Time.TimeZones.Find(TimeZone);
        }
        catch (TimeZoneNotFoundException ex)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ex, "InvalidTimeZone", TimeZone));
            throw;
        }
    }

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();
}
