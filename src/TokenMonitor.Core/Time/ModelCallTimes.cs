namespace TokenMonitor.Time;

/// <summary>The span a model call can have happened in: a time outside it is a missing or broken timestamp.</summary>
public static class ModelCallTimes
{
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsPlausible(DateTimeOffset instant) => instant >= Earliest && instant < Latest;
}
