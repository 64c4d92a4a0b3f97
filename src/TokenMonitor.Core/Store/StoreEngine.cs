namespace TokenMonitor.Store;

public enum StoreEngine
{
    Sqlite,
    PostgreSql,
}
