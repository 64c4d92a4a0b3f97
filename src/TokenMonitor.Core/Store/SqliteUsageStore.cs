using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace TokenMonitor.Store;

/// <summary>
/// The embedded store: one SQLite file in write-ahead-log mode, so readers never block the writer. Writers take
/// the write lock when their transaction begins (BEGIN IMMEDIATE) and wait for another process's batch through
/// the busy timeout, then through the retry pipeline.
/// </summary>
internal sealed class SqliteUsageStore : SqlUsageStore
{
    private const int BusyTimeoutMs = 15_000;
    private sqlite3_stmt? _insert;
    private sqlite3_stmt? _otherCopy;
    private sqlite3_stmt? _removeSidechains;
    private readonly object?[] _values = new object?[StoreSchema.RecordColumns.Length];

    static SqliteUsageStore() => SqliteNativeLibrary.Register();

    private readonly bool _readOnly;

    public SqliteUsageStore(StoreLocation location, bool readOnly = false)
        : base(location)
    {
        _readOnly = readOnly;
    }

    protected override bool ReadOnly => _readOnly;

    protected override string SchemaTableExistsSql => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'tokenmonitor_schema'";

    private bool _immutable;

    /// <summary>The connection string the store opens with: read-only (no folder created, no write ever) for a reader.</summary>
    internal string OpenConnectionString
    {
        get
        {
            var builder = new SqliteConnectionStringBuilder(Location.ConnectionString)
            {
                Mode = _readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = 60,
            };

            // immutable=1 (a file: URI) reads without the -shm file, which a WAL file needs and cannot get when
            // nobody may write the folder; with no writer able to touch the file, it cannot change under us.
            if (_immutable) builder.DataSource = new Uri(Location.SqlitePath!).AbsoluteUri + "?immutable=1";
            return builder.ConnectionString;
        }
    }

    protected override DbConnection OpenConnection()
    {
        try
        {
            return base.OpenConnection();
        }
        catch (SqliteException ex) when (_readOnly && !_immutable && ex.SqliteErrorCode == 14)
        {
            // SQLITE_CANTOPEN: the WAL file's -shm index is missing and cannot be made (read-only folder).
            _immutable = true;
            return base.OpenConnection();
        }
    }

    public override StoreEngine Engine => StoreEngine.Sqlite;

    protected override string LikeOperator => "LIKE";

    protected override DbConnection CreateConnection()
    {
        var folder = Path.GetDirectoryName(Location.SqlitePath);
        if (!_readOnly && !string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);

        // No pooling: a pooled handle would keep the file open (and locked on Windows) after the cmdlet ends.
        return new SqliteConnection(OpenConnectionString);
    }

    protected override void Configure(DbConnection connection)
    {
        // WAL persists in the file; NORMAL sync in WAL mode loses at most the last commits on power loss, never consistency.
        Execute(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMs}");

        // Setting the journal mode writes the file's header: a reader leaves it as the writers set it, and reads the
        // schema now, so a file it cannot open fails here, where OpenConnection can try again.
        if (_readOnly)
        {
            Execute(connection, null, "SELECT COUNT(*) FROM sqlite_master");
            return;
        }

        Execute(connection, null, "PRAGMA journal_mode = WAL");
        Execute(connection, null, "PRAGMA synchronous = NORMAL");
    }

    protected override bool IsTransient(Exception ex) =>
        ex is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED

    protected override long WriteRecords(DbConnection connection, DbTransaction transaction, IReadOnlyList<UsageRecord> records)
    {
        // The prepared statement is driven through SQLitePCLRaw directly: ADO.NET's parameter binding looks each name
        // up again for every row, which cost more than SQLite's insert itself (bench store, a million records read and
        // saved: 33.6 s through SqliteParameter, 11.7 s this way).
        var sqlite = (SqliteConnection)connection;
        var db = sqlite.Handle!;
        var insert = _insert ??= Prepare(db);
        var storedAt = DateTimeOffset.UtcNow.UtcTicks;
        long written = 0;
        foreach (var record in records)
        {
            if (record.KeyPrefix == "claude" && record.MessageId is { } message && !KeepClaudeCopy(db, record, message)) continue;
            UsageRow.Fill(_values, record, storedAt);
            for (var i = 0; i < _values.Length; i++)
            {
                var rc = _values[i] switch
                {
                    null => raw.sqlite3_bind_null(insert, i + 1),
                    string text => raw.sqlite3_bind_text(insert, i + 1, text),
                    long number => raw.sqlite3_bind_int64(insert, i + 1, number),
                    int number => raw.sqlite3_bind_int(insert, i + 1, number),
                    double number => raw.sqlite3_bind_double(insert, i + 1, number),
                    var other => throw new InvalidOperationException($"No SQLite binding for {other.GetType()}"),
                };
                if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
            }

            var step = raw.sqlite3_step(insert);
            raw.sqlite3_reset(insert);
            if (step != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(step, db);
            written += raw.sqlite3_changes(db);
        }

        return written;
    }

    /// <summary>
    /// The reader's rule for Claude Code across runs: a sidechain replay (new request id, same message id) is not
    /// stored beside a copy already stored, and a main copy replaces sidechain replays stored before it.
    /// </summary>
    private bool KeepClaudeCopy(sqlite3 db, UsageRecord record, string message)
    {
        var statement = record.IsSidechain
            ? _otherCopy ??= Prepare(db, $"SELECT 1 FROM {StoreSchema.Records} WHERE message_id = ?1 AND key <> ?2 AND key_prefix = 'claude' LIMIT 1")
            : _removeSidechains ??= Prepare(db, $"DELETE FROM {StoreSchema.Records} WHERE message_id = ?1 AND key <> ?2 AND key_prefix = 'claude' AND is_sidechain = 1");
        Check(raw.sqlite3_bind_text(statement, 1, message), db);
        Check(raw.sqlite3_bind_text(statement, 2, record.Key), db);
        var step = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (step is not (raw.SQLITE_ROW or raw.SQLITE_DONE)) SqliteException.ThrowExceptionForRC(step, db);
        return !(record.IsSidechain && step == raw.SQLITE_ROW);
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }

    private static sqlite3_stmt Prepare(sqlite3 db)
    {
        var columns = StoreSchema.RecordColumns;
        return Prepare(db, $"INSERT INTO {StoreSchema.Records} ({StoreSchema.ColumnList}) VALUES ({string.Join(", ", columns.Select((_, i) => $"?{i + 1}"))}) {StoreSchema.UpsertTail}");
    }

    private static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
        return statement;
    }

    protected override void ResetConnection()
    {
        _insert?.Dispose();
        _otherCopy?.Dispose();
        _removeSidechains?.Dispose();
        (_insert, _otherCopy, _removeSidechains) = (null, null, null);
        base.ResetConnection();
    }
}
