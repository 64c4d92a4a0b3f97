namespace TokenMonitor.Alerts;

/// <summary>
/// Writes one line per alert to a console sink the caller provides (the cmdlet gives the PowerShell host,
/// which colours by level), so the engine needs no console of its own.
/// </summary>
/// <remarks>
/// The console is the one channel outside the once-only policy: it shows the state of this run to whoever is watching,
/// and a quiet console would hide a live problem from a person who just asked.
/// </remarks>
public sealed class ConsoleAlertChannel(Action<AlertLevel, string> write, AlertLevel minimumLevel = AlertLevel.Warning, string name = "Console") : IAlertChannel
{
    public string Name => name;
    public AlertLevel MinimumLevel => minimumLevel;

    public ChannelDelivery Send(AlertMessage message, CancellationToken cancel)
    {
        write(message.Level, Format(message));
        return new ChannelDelivery(true, 1, null);
    }

    public static string Format(AlertMessage message) => $"[{message.Level.ToString().ToUpperInvariant()}] {message.Text}";
}
