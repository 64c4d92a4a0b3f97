using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace TokenMonitor.Store;

/// <summary>
/// The embedded store: one SQLite file in write-ahead-log mode, so readers never block the writer. Writers take
/// the write lock when their transaction begins (BEGIN IMMEDIATE) and wait for another process's batch through
/// the busy timeout, then through the retry pipeline.
/// </summary>
internal sealed class SqliteUsageStore : SqlUsageStore
{
    private const int BusyTimeoutMs = 15_000;
    private DbCommand? _insert;
    private object?[] _values = new object?[StoreSchema.RecordColumns.Length];

    static SqliteUsageStore() => SqliteNativeLibrary.Register();

    public SqliteUsageStore(StoreLocation location)
        : base(location)
    {
    }

    public override StoreEngine Engine => StoreEngine.Sqlite;

    protected override string LikeOperator => "LIKE";

    protected override DbConnection CreateConnection()
    {
        var folder = Path.GetDirectoryName(Location.SqlitePath);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);

        // No pooling: a pooled handle would keep the file open (and locked on Windows) after the cmdlet ends.
        var builder = new SqliteConnectionStringBuilder(Location.ConnectionString)
        {
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 60,
        };
        return new SqliteConnection(builder.ConnectionString);
    }

    protected override void Configure(DbConnection connection)
    {
        // WAL persists in the file; NORMAL sync in WAL mode loses at most the last commits on power loss, never consistency.
        Execute(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMs}");
        Execute(connection, null, "PRAGMA journal_mode = WAL");
        Execute(connection, null, "PRAGMA synchronous = NORMAL");
    }

    protected override bool IsTransient(Exception ex) =>
        ex is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED

    protected override long WriteRecords(DbConnection connection, DbTransaction transaction, IReadOnlyList<UsageRecord> records)
    {
        var insert = _insert ??= PrepareInsert(connection);
        insert.Transaction = transaction;
        var storedAt = DateTimeOffset.UtcNow.UtcTicks;
        var parameters = insert.Parameters;
        long written = 0;
        foreach (var record in records)
        {
            UsageRow.Fill(_values, record, storedAt);
            for (var i = 0; i < _values.Length; i++) parameters[i].Value = _values[i] ?? DBNull.Value;
            written += insert.ExecuteNonQuery();
        }

        return written;
    }

    private static DbCommand PrepareInsert(DbConnection connection)
    {
        var columns = StoreSchema.RecordColumns;
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {StoreSchema.Records} ({StoreSchema.ColumnList}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))}) {StoreSchema.UpsertTail}";
        for (var i = 0; i < columns.Length; i++) AddParameter(command, $"p{i}", null);
        command.Prepare();
        return command;
    }

    protected override void ResetConnection()
    {
        _insert?.Dispose();
        _insert = null;
        base.ResetConnection();
    }
}
