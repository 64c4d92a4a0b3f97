namespace TokenMonitor.Alerts;

/// <summary>
/// Decides, per channel, whether a message goes out (its level reaches the channel's minimum), delivers it,
/// and reports each outcome as an <see cref="AlertResult"/>. A channel that fails does not stop the others.
/// </summary>
public sealed class AlertDispatcher(IReadOnlyList<IAlertChannel> channels, TimeProvider clock)
{
    public IReadOnlyList<IAlertChannel> Channels => channels;

    /// <summary>The channel that delivers what <paramref name="definition"/> describes; the console writes through <paramref name="console"/>.</summary>
    public static IAlertChannel Create(AlertChannel definition, Action<AlertLevel, string> console) => definition.Kind switch
    {
        AlertChannelKind.Console => new ConsoleAlertChannel(console, definition.MinimumLevel, definition.Name),
        AlertChannelKind.Email => new EmailAlertChannel(definition),
        AlertChannelKind.File => new FileAlertChannel(definition),
        _ => new HttpAlertChannel(definition),
    };

    /// <summary>Channels whose minimum level the message reaches.</summary>
    public IEnumerable<IAlertChannel> ChannelsFor(AlertMessage message) => channels.Where(c => message.Level >= c.MinimumLevel);

    public AlertResult Deliver(IAlertChannel channel, AlertMessage message, CancellationToken cancel)
    {
        ChannelDelivery delivery;
        try
        {
            delivery = channel.Send(message, cancel);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            delivery = new ChannelDelivery(false, 1, ex.Message);
        }

        return new AlertResult
        {
            Channel = channel.Name,
            Budget = message.Budget,
            Level = message.Level,
            Status = delivery.Delivered ? AlertDeliveryStatus.Sent : AlertDeliveryStatus.Failed,
            // Every reason is scrubbed here too, whatever channel wrote it: a library's message may quote the URL.
            Reason = delivery.Reason is null ? null : AlertRedaction.Scrub(delivery.Reason, channel.Secrets),
            Attempts = delivery.Attempts,
            At = clock.GetUtcNow(),
            Message = message.Text,
        };
    }
}
