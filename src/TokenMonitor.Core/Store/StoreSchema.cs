namespace TokenMonitor.Store;

/// <summary>
/// The store's tables, written once for both engines: only column types differ (SQLite's INTEGER and REAL,
/// PostgreSQL's BIGINT and DOUBLE PRECISION). Times are UTC ticks (100 ns) in 64-bit integers, so every
/// timestamp round-trips exactly; money a log reported (costUSD) is decimal text, exact to its last digit.
/// Migrations are numbered; the version is kept in tokenmonitor_schema.
/// </summary>
internal static class StoreSchema
{
    public const int LatestVersion = 2;

    public const string Records = "usage_records";

    /// <summary>usage_records' columns in the order rows are written and read.</summary>
    public static readonly StoreColumn[] RecordColumns =
    [
        new("key", ColumnType.Text, NotNull: true),
        new("ts", ColumnType.Int64, NotNull: true),
        new("provider", ColumnType.Text, NotNull: true),
        new("model", ColumnType.Text, NotNull: true),
        new("input_tokens", ColumnType.Int64, NotNull: true),
        new("output_tokens", ColumnType.Int64, NotNull: true),
        new("cache_read_tokens", ColumnType.Int64, NotNull: true),
        new("cache_write_5m_tokens", ColumnType.Int64, NotNull: true),
        new("cache_write_1h_tokens", ColumnType.Int64, NotNull: true),
        new("reasoning_tokens", ColumnType.Int64, NotNull: true),
        new("total_tokens", ColumnType.Int64, NotNull: true),
        new("requests", ColumnType.Int64, NotNull: true),
        new("request_id", ColumnType.Text),
        new("message_id", ColumnType.Text),
        new("session_id", ColumnType.Text),
        new("project", ColumnType.Text),
        new("user_name", ColumnType.Text),
        new("service", ColumnType.Text),
        new("job", ColumnType.Text),
        new("tags", ColumnType.Text),
        new("latency_ms", ColumnType.Double),
        new("service_tier", ColumnType.Text),
        new("speed", ColumnType.Text),
        new("reported_cost", ColumnType.Text),
        new("is_sidechain", ColumnType.Int32, NotNull: true),
        new("format", ColumnType.Text, NotNull: true),
        new("source_file", ColumnType.Text),
        new("source_line", ColumnType.Int64, NotNull: true),
        new("key_prefix", ColumnType.Text),
        new("provider_id", ColumnType.Text),
        new("long_context", ColumnType.Int32),
        new("stored_at", ColumnType.Int64, NotNull: true),
    ];

    public static string ColumnList => string.Join(", ", RecordColumns.Select(c => c.Name));

    /// <summary>What a later, larger copy of a call overwrites: everything but the key.</summary>
    public static string UpsertTail =>
        $"ON CONFLICT (key) DO UPDATE SET {string.Join(", ", RecordColumns.Skip(1).Select(c => $"{c.Name} = excluded.{c.Name}"))} " +
        $"WHERE excluded.total_tokens > {Records}.total_tokens";

    /// <summary>The statements that take a store from <paramref name="version"/> - 1 to <paramref name="version"/>.</summary>
    public static IEnumerable<string> Migration(int version, StoreEngine engine) => version switch
    {
        1 =>
        [
            $"CREATE TABLE IF NOT EXISTS {Records} ({string.Join(", ", RecordColumns.Select(c => c.Definition(engine)))}, PRIMARY KEY (key))",
            $"CREATE INDEX IF NOT EXISTS ix_{Records}_ts ON {Records} (ts)",
            $"""
            CREATE TABLE IF NOT EXISTS file_progress (
                path TEXT NOT NULL PRIMARY KEY, size {Int64(engine)} NOT NULL, last_write {Int64(engine)} NOT NULL,
                read_offset {Int64(engine)} NOT NULL, line {Int64(engine)} NOT NULL, head_hash TEXT NOT NULL,
                head_length INTEGER NOT NULL, resumable INTEGER NOT NULL, read_at {Int64(engine)} NOT NULL)
            """,
            $"""
            CREATE TABLE IF NOT EXISTS budgets (
                name TEXT NOT NULL PRIMARY KEY, definition TEXT NOT NULL, updated_at {Int64(engine)} NOT NULL)
            """,
            $"""
            CREATE TABLE IF NOT EXISTS alert_state (
                budget TEXT NOT NULL, period TEXT NOT NULL, level TEXT NOT NULL, channel TEXT NOT NULL,
                status TEXT NOT NULL, attempts INTEGER NOT NULL, last_sent {Int64(engine)},
                claim_token TEXT, claimed_at {Int64(engine)}, updated_at {Int64(engine)} NOT NULL,
                PRIMARY KEY (budget, period, level, channel))
            """,
        ],
        // Claude Code's sidechain replays carry a new request id, so they are matched to the main copy by message id.
        2 => [$"CREATE INDEX IF NOT EXISTS ix_{Records}_message ON {Records} (message_id) WHERE message_id IS NOT NULL"],
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    private static string Int64(StoreEngine engine) => engine == StoreEngine.Sqlite ? "INTEGER" : "BIGINT";
}

internal enum ColumnType
{
    Text,
    Int64,
    Int32,
    Double,
}

internal sealed record StoreColumn(string Name, ColumnType Type, bool NotNull = false)
{
    public string Definition(StoreEngine engine)
    {
        var type = (Type, engine) switch
        {
            (ColumnType.Text, _) => "TEXT",
            (ColumnType.Int64, StoreEngine.Sqlite) or (ColumnType.Int32, _) => "INTEGER",
            (ColumnType.Int64, _) => "BIGINT",
            (ColumnType.Double, StoreEngine.Sqlite) => "REAL",
            (ColumnType.Double, _) => "DOUBLE PRECISION",
            _ => throw new ArgumentOutOfRangeException(nameof(engine)),
        };
        return NotNull ? $"{Name} {type} NOT NULL" : $"{Name} {type}";
    }
}
