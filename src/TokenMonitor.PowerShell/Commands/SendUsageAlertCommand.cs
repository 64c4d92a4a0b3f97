using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using TokenMonitor.Alerts;
using TokenMonitor.Store;

namespace TokenMonitor.Commands;

/// <summary>
/// Sends an alert for each budget status (or anything with Level and Message) on every channel whose minimum level it
/// reaches, once per budget, period and level as the usage store remembers (the console excepted).
/// </summary>
[Cmdlet(VerbsCommunications.Send, "UsageAlert", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
    DefaultParameterSetName = StatusSet)]
[OutputType(typeof(AlertResult))]
public sealed class SendUsageAlertCommand : PSCmdlet, IDisposable
{
    private const string StatusSet = "Status";
    private const string PropertySet = "Property";

    private readonly CancellationTokenSource _stop = new();
    private AlertDispatcher? _dispatcher;
    private OnceOnlyAlerts? _policy;
    private StoreLocation? _location;
    private IUsageStore? _store;

    [Parameter(ParameterSetName = StatusSet, Mandatory = true, ValueFromPipeline = true)]
    public BudgetStatus? InputObject { get; set; }

    [Parameter(ParameterSetName = PropertySet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public AlertLevel Level { get; set; }

    [Parameter(ParameterSetName = PropertySet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Message { get; set; } = "";

    [Parameter(ParameterSetName = PropertySet, ValueFromPipelineByPropertyName = true)]
    public string? Budget { get; set; }

    /// <summary>When the finding's period began (binds a Start property): with it, the once-only event is that period.</summary>
    [Parameter(ParameterSetName = PropertySet, ValueFromPipelineByPropertyName = true)]
    [Alias("Start")]
    public DateTimeOffset? PeriodStart { get; set; }

    /// <summary>Channels from New-AlertChannel, 'Console', or names of channels in the -BudgetFile.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlertChannelNameCompleter))]
    public object[]? Channel { get; set; }

    /// <summary>A budget file whose "channels" section lists the channels (all of them unless -Channel names some).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BudgetFile { get; set; }

    /// <summary>The minimum level of the console channel named 'Console' or used by default.</summary>
    [Parameter]
    public AlertLevel MinimumLevel { get; set; } = AlertLevel.Warning;

    /// <summary>The store that remembers what was sent: as Save-UsageRecord's -ConnectionString.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    /// <summary>Send the same budget, period and level again once this span has passed since it was last sent.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Cooldown { get; set; }

    /// <summary>Send even what the store says was already sent.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        var channels = ResolveChannels();
        foreach (var duplicate in channels.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            ThrowTerminatingError(ErrorRecords.DuplicateAlertChannel(duplicate.Key));
        }

        _dispatcher = new AlertDispatcher(channels.Select(c => AlertDispatcher.Create(c, WriteToHost)).ToList(), TimeProvider.System);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Cooldown)) && Cooldown <= TimeSpan.Zero)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(new ArgumentException("-Cooldown must be longer than zero."), "InvalidCooldown", Cooldown));
        }

        if (channels.Any(c => c.IsOnceOnly)) _location = StoreConnections.Resolve(this, ConnectionString);
        _policy = new OnceOnlyAlerts(OpenStore, TimeProvider.System)
        {
            Cooldown = MyInvocation.BoundParameters.ContainsKey(nameof(Cooldown)) ? Cooldown : null,
            Force = Force,
        };
    }

    protected override void ProcessRecord()
    {
        var message = InputObject is { } status ? AlertMessage.From(status) : AlertMessage.From(Budget, Level, Message, PeriodStart);
        foreach (var channel in _dispatcher!.ChannelsFor(message))
        {
            try
            {
                if (_policy!.Suppression(channel, message) is { } suppressed)
                {
                    WriteVerbose($"{channel.Name}: {message.Level} alert for budget '{message.Budget}' suppressed: {suppressed.Reason}");
                    WriteObject(suppressed);
                    continue;
                }

                if (!ShouldProcess($"{channel.Name}: budget '{message.Budget}'", $"Send {message.Level} alert")) continue;
                WriteVerbose($"{channel.Name}: sending the {message.Level} alert for budget '{message.Budget}' to {channel.Target}.");
                var result = _policy.Send(_dispatcher, channel, message, _stop.Token);
                if (result.Status == AlertDeliveryStatus.Failed) WriteError(ErrorRecords.AlertFailed(result));
                else if (result.Status == AlertDeliveryStatus.Suppressed) WriteVerbose($"{channel.Name}: {result.Reason}");
                WriteObject(result);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Ctrl+C mid-send: the claim was released as Failed, so the next run sends it; stop as PowerShell expects.
                throw new PipelineStoppedException();
            }
            catch (StoreException ex)
            {
                // Without the store the once-only promise cannot be kept; sending anyway could repeat an alert every run.
                ThrowTerminatingError(ErrorRecords.FromStore(ex, _location?.Display));
            }
        }
    }

    private IUsageStore? OpenStore(bool create)
    {
        if (_store is not null) return _store;
        if (_location is null || (!create && StoreConnections.DoesNotExistYet(_location))) return null;
        return _store = StoreConnections.Open(this, _location);
    }

    private List<AlertChannel> ResolveChannels()
    {
        var fromFile = BudgetFile is null ? [] : ChannelFiles.Load(this, BudgetFile);
        if (Channel is null) return fromFile.Count > 0 ? [.. fromFile] : [AlertChannel.Console(minimumLevel: MinimumLevel)];

        var channels = new List<AlertChannel>();
        foreach (var item in Channel)
        {
            switch (item is PSObject ps ? ps.BaseObject : item)
            {
                case AlertChannel channel:
                    channels.Add(channel);
                    break;
                case string name when fromFile.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } named:
                    channels.Add(named);
                    break;
                case string name when name.Equals("Console", StringComparison.OrdinalIgnoreCase):
                    channels.Add(AlertChannel.Console(minimumLevel: MinimumLevel));
                    break;
                case var other:
                    ThrowTerminatingError(ErrorRecords.UnknownAlertChannel(other?.ToString() ?? "", ["Console", .. fromFile.Select(c => c.Name)]));
                    break;
            }
        }

        return channels;
    }

    private void WriteToHost(AlertLevel level, string text)
    {
        var colour = level switch
        {
            AlertLevel.Exceeded => ConsoleColor.Magenta,
            AlertLevel.Critical => ConsoleColor.Red,
            AlertLevel.Warning => ConsoleColor.Yellow,
            AlertLevel.Info => ConsoleColor.Cyan,
            _ => ConsoleColor.Green,
        };
        ConsoleColor background;
        try
        {
            background = Host.UI.RawUI.BackgroundColor;
        }
        catch (Exception ex) when (ex is NotImplementedException or System.Management.Automation.Host.HostException or NullReferenceException)
        {
            background = ConsoleColor.Black;
        }

        Host.UI.WriteLine(colour, background, text);
    }

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose()
    {
        _store?.Dispose();
        _stop.Dispose();
    }
}

/// <summary>Completes -Channel with 'Console' and the channel names of the -BudgetFile already typed.</summary>
public sealed class AlertChannelNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        var names = new List<string> { "Console" };
        if (fakeBoundParameters["BudgetFile"] is string file && File.Exists(file) && !file.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                names.AddRange(ChannelFile.Parse(File.ReadAllBytes(file), file, _ => "unset").Select(c => c.Name));
            }
            catch (Exception ex) when (ex is ChannelFileException or IOException or UnauthorizedAccessException)
            {
                // A file with mistakes completes nothing beyond Console; Send-UsageAlert reports them when it runs.
            }
        }

        return names.Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n.Contains(' ') ? $"'{n}'" : n, n, CompletionResultType.ParameterValue, n));
    }
}
