namespace TokenMonitor.Store;

/// <summary>Opens the store a location names, creating and migrating it on first use.</summary>
public static class UsageStore
{
    public static IUsageStore Open(StoreLocation location)
    {
        SqlUsageStore store = location.Engine == StoreEngine.Sqlite ? new SqliteUsageStore(location) : new PostgresUsageStore(location);
        store.Open();
        return store;
    }

    public static IUsageStore Open(string? connectionString = null) => Open(StoreLocation.Resolve(connectionString));
}
