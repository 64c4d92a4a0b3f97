namespace TokenMonitor.Store;

/// <summary>
/// The durable store of usage records, file reading progress, saved budgets and alert state. One interface, two
/// engines: SQLite in a file (the default, no server) and PostgreSQL for a team that shares one store.
/// </summary>
public interface IUsageStore : IDisposable
{
    /// <summary>Where the store is, with any password masked: safe to print.</summary>
    string Display { get; }

    StoreEngine Engine { get; }

    /// <summary>How many times a batch or statement was run again after a transient failure (busy file, dropped connection).</summary>
    int Retries { get; }

    /// <summary>
    /// Stores records idempotently on <see cref="UsageRecord.Key"/>: a key already stored is kept unless the new copy
    /// has more <see cref="UsageRecord.TotalTokens"/> (a streamed call's later, larger copy). File progress given with
    /// the batch is committed in the same transaction, so progress never runs ahead of the records it covers.
    /// </summary>
    SaveResult Save(IReadOnlyList<UsageRecord> records, IReadOnlyCollection<FileProgress>? progress = null);

    /// <summary>Records in time order, streamed as they are read.</summary>
    IEnumerable<UsageRecord> Query(UsageQuery query);

    long Count(UsageQuery query);

    /// <summary>Deletes records timed before <paramref name="before"/>; returns how many.</summary>
    long RemoveBefore(DateTimeOffset before);

    IReadOnlyDictionary<string, FileProgress> GetFileProgress();

    void SaveBudgetDefinition(string name, string json);

    IReadOnlyList<BudgetDefinition> GetBudgetDefinitions();

    bool RemoveBudgetDefinition(string name);

    /// <summary>
    /// Claims the right to send one alert: true for exactly one caller among any number of processes asking at once,
    /// and only when no claim is live (younger than <paramref name="lease"/>) and the last send is older than
    /// <paramref name="cooldown"/>. The claim is released by <see cref="RecordAlert"/>.
    /// </summary>
    AlertClaim? TryClaimAlert(AlertKey key, TimeSpan cooldown, DateTimeOffset now, TimeSpan lease);

    /// <summary>Records what happened to an alert (Sent, Failed, Suppressed) and releases a claim on it.</summary>
    /// <param name="claimToken">The token of this run's claim, which the record releases; null (a -Force run, which never
    /// claims) leaves any other run's live claim in place, and so does a token that no longer holds the claim.</param>
    void RecordAlert(AlertKey key, string status, int attempts, DateTimeOffset at, string? claimToken = null);

    AlertState? GetAlertState(AlertKey key);

    /// <summary>The schema version of the store as opened (after migration).</summary>
    int SchemaVersion { get; }
}

/// <summary>What one Save did: how many records it was given and how many it wrote (new keys, or larger copies).</summary>
public readonly record struct SaveResult(long Received, long Written)
{
    public long Unchanged => Received - Written;

    public static SaveResult operator +(SaveResult a, SaveResult b) => new(a.Received + b.Received, a.Written + b.Written);
}
