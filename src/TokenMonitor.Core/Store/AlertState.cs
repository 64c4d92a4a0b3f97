namespace TokenMonitor.Store;

/// <summary>One alert's identity for cooldown and dedup: which budget, which period window, which level, which channel.</summary>
/// <remarks><see cref="Period"/> is the caller's text for the window (e.g. "Monthly:2026-11-01"), stored as given.</remarks>
public sealed record AlertKey(string Budget, string Period, string Level, string Channel);

/// <summary>What the store remembers of an alert: its last outcome, how many attempts, when it was last sent.</summary>
public sealed record AlertState(AlertKey Key, string Status, int Attempts, DateTimeOffset? LastSent, DateTimeOffset UpdatedAt,
    bool Claimed);

/// <summary>The right to send one alert, held by one process until it records the outcome.</summary>
public sealed record AlertClaim(AlertKey Key, string Token, DateTimeOffset ClaimedAt);

/// <summary>A budget saved by name; its JSON is kept as given (the budget file format is defined elsewhere).</summary>
public sealed record BudgetDefinition(string Name, string Json, DateTimeOffset UpdatedAt);
