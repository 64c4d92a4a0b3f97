namespace TokenMonitor.Alerts;

/// <summary>Where an alert goes; each channel says what happened rather than throwing.</summary>
public interface IAlertChannel
{
    /// <summary>The name shown in results and -WhatIf text: never a URL or a secret.</summary>
    string Name { get; }

    /// <summary>The lowest level this channel carries.</summary>
    AlertLevel MinimumLevel { get; }

    ChannelDelivery Send(AlertMessage message, CancellationToken cancel);
}

/// <summary>The outcome of one delivery attempt series on one channel.</summary>
public sealed record ChannelDelivery(bool Delivered, int Attempts, string? Reason);
