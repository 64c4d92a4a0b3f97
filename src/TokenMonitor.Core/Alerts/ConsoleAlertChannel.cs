namespace TokenMonitor.Alerts;

/// <summary>
/// Writes one line per alert to a console sink the caller provides (the cmdlet gives the PowerShell host,
/// which colours by level), so the engine needs no console of its own.
/// </summary>
public sealed class ConsoleAlertChannel(Action<AlertLevel, string> write, AlertLevel minimumLevel = AlertLevel.Warning) : IAlertChannel
{
    public string Name => "Console";
    public AlertLevel MinimumLevel => minimumLevel;

    public ChannelDelivery Send(AlertMessage message, CancellationToken cancel)
    {
        write(message.Level, Format(message));
        return new ChannelDelivery(true, 1, null);
    }

    public static string Format(AlertMessage message) => $"[{message.Level.ToString().ToUpperInvariant()}] {message.Text}";
}
