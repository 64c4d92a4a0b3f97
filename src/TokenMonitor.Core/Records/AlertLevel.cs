namespace TokenMonitor;

/// <summary>How far a budget has gone; ordered so that a higher level compares greater.</summary>
public enum AlertLevel
{
    Ok = 0,
    Info = 1,
    Warning = 2,
    Critical = 3,
    Exceeded = 4,
}
