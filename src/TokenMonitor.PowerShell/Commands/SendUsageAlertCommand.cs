using System.Management.Automation;
using TokenMonitor.Alerts;

namespace TokenMonitor.Commands;

/// <summary>Sends an alert for each budget status (or anything with Level and Message) at or above a minimum level.</summary>
[Cmdlet(VerbsCommunications.Send, "UsageAlert", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
    DefaultParameterSetName = StatusSet)]
[OutputType(typeof(AlertResult))]
public sealed class SendUsageAlertCommand : PSCmdlet, IDisposable
{
    private const string StatusSet = "Status";
    private const string PropertySet = "Property";

    private readonly CancellationTokenSource _stop = new();
    private AlertDispatcher? _dispatcher;

    [Parameter(ParameterSetName = StatusSet, Mandatory = true, ValueFromPipeline = true)]
    public BudgetStatus? InputObject { get; set; }

    [Parameter(ParameterSetName = PropertySet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public AlertLevel Level { get; set; }

    [Parameter(ParameterSetName = PropertySet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Message { get; set; } = "";

    [Parameter(ParameterSetName = PropertySet, ValueFromPipelineByPropertyName = true)]
    public string? Budget { get; set; }

    [Parameter]
    [ValidateSet("Console")]
    public string[] Channel { get; set; } = ["Console"];

    [Parameter]
    public AlertLevel MinimumLevel { get; set; } = AlertLevel.Warning;

    protected override void BeginProcessing()
    {
        var channels = Channel.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(_ => (IAlertChannel)new ConsoleAlertChannel(WriteToHost, MinimumLevel))
            .ToList();
        _dispatcher = new AlertDispatcher(channels, TimeProvider.System);
    }

    protected override void ProcessRecord()
    {
        var message = InputObject is { } status ? AlertMessage.From(status) : AlertMessage.From(Budget, Level, Message);
        foreach (var channel in _dispatcher!.ChannelsFor(message))
        {
            if (!ShouldProcess($"{channel.Name}: budget '{message.Budget}'", $"Send {message.Level} alert")) continue;
            var result = _dispatcher.Deliver(channel, message, _stop.Token);
            if (result.Status == AlertDeliveryStatus.Failed) WriteError(ErrorRecords.AlertFailed(result));
            WriteObject(result);
        }
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

    public void Dispose() => _stop.Dispose();
}
