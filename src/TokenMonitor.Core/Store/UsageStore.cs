namespace TokenMonitor.Store;

/// <summary>Opens the store a location names, creating and migrating it on first use.</summary>
public static class UsageStore
{
    /// <param name="location">The store.</param>
    /// <param name="readOnly">
    /// For readers (Get-UsageRecord): a SQLite file is opened with Mode=ReadOnly, so a file or folder the user may
    /// not write is still read, and nothing is created or migrated. PostgreSQL has no such mode; opening it runs
    /// no DDL when it is at the latest version either way.
    /// </param>
    public static IUsageStore Open(StoreLocation location, bool readOnly = false)
    {
        SqlUsageStore store = location.Engine == StoreEngine.Sqlite ? new SqliteUsageStore(location, readOnly) : new PostgresUsageStore(location);
        store.Open();
        return store;
    }

    public static IUsageStore Open(string? connectionString = null) => Open(StoreLocation.Resolve(connectionString));
}
