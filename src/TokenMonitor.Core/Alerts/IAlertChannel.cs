namespace TokenMonitor.Alerts;

/// <summary>Where an alert goes; each channel says what happened rather than throwing.</summary>
public interface IAlertChannel
{
    /// <summary>The name shown in results and -WhatIf text: never a URL or a secret.</summary>
    string Name { get; }

    /// <summary>The lowest level this channel carries.</summary>
    AlertLevel MinimumLevel { get; }

    /// <summary>Where it delivers, safe to print (a redacted address).</summary>
    string Target => Name;

    /// <summary>Alerts on this channel are sent once per budget, period and level, remembered in the store.</summary>
    bool IsOnceOnly => false;

    /// <summary>The longest one send may take, retries and waits included: a claim on the alert must outlive it.</summary>
    TimeSpan LongestSend => TimeSpan.FromMinutes(1);

    /// <summary>
    /// The name the once-only state is kept under: the channel's name and a digest of where it delivers, so two
    /// channels left with their default name ("Slack") but different URLs never suppress each other's alerts, and a
    /// channel whose address changed alerts afresh. The digest is one-way: the store never holds the address.
    /// </summary>
    string StateKey => Name;

    /// <summary>Secrets the channel holds, scrubbed from any reason it reports.</summary>
    IEnumerable<string> Secrets => [];

    ChannelDelivery Send(AlertMessage message, CancellationToken cancel);
}

/// <summary>The outcome of one delivery attempt series on one channel; <paramref name="Reason"/> says why it failed.</summary>
public sealed record ChannelDelivery(bool Delivered, int Attempts, string? Reason);
