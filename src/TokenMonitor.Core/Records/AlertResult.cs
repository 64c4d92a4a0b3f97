namespace TokenMonitor;

public enum AlertDeliveryStatus
{
    Sent,
    Suppressed,
    Failed,
}

/// <summary>What Send-UsageAlert did for one status on one channel.</summary>
public sealed class AlertResult
{
    public string Channel { get; init; } = "";
    public string Budget { get; init; } = "";
    public AlertLevel Level { get; init; }
    public AlertDeliveryStatus Status { get; init; }
    public string? Reason { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset At { get; init; }
    public string Message { get; init; } = "";
}
