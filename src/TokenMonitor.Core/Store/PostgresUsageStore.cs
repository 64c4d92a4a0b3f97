using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace TokenMonitor.Store;

/// <summary>
/// The team store: PostgreSQL, which many machines and CI agents write at once. A batch is copied in binary
/// into a temporary table, then merged with one INSERT … ON CONFLICT, so a million records cost a few round trips.
/// A dropped connection fails the batch's transaction as a whole; the retry reconnects and runs it again.
/// </summary>
internal sealed class PostgresUsageStore : SqlUsageStore
{
    private const string Staging = "usage_import";
    private readonly object?[] _values = new object?[StoreSchema.RecordColumns.Length];

    public PostgresUsageStore(StoreLocation location)
        : base(location)
    {
    }

    public override StoreEngine Engine => StoreEngine.PostgreSql;

    protected override string LikeOperator => "ILIKE";

    protected override DbConnection CreateConnection() => new NpgsqlConnection(Location.ConnectionString);

    protected override bool IsTransient(Exception ex) => ex switch
    {
        // 57P01-03: the server is shutting down or terminated this backend; 08: connection exceptions;
        // 40001/40P01: serialization failure and deadlock between two writers.
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03" or "40001" or "40P01" || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    protected override string SchemaTableExistsSql => "SELECT COUNT(*) FROM (SELECT to_regclass('tokenmonitor_schema') AS t) AS r WHERE t IS NOT NULL";

    protected override void LockForMigration(DbConnection connection, DbTransaction transaction) =>
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(7011070110)");

    protected override long WriteRecords(DbConnection connection, DbTransaction transaction, IReadOnlyList<UsageRecord> records)
    {
        var npgsql = (NpgsqlConnection)connection;
        Execute(connection, transaction, $"CREATE TEMP TABLE IF NOT EXISTS {Staging} (LIKE {StoreSchema.Records} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
        var storedAt = DateTimeOffset.UtcNow.UtcTicks;
        var columns = StoreSchema.RecordColumns;
        using (var copy = npgsql.BeginBinaryImport($"COPY {Staging} ({StoreSchema.ColumnList}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var record in records)
            {
                UsageRow.Fill(_values, record, storedAt);
                copy.StartRow();
                for (var i = 0; i < columns.Length; i++) WriteValue(copy, columns[i].Type, _values[i]);
            }

            copy.Complete();
        }

        // The reader's rule for Claude Code across runs: a sidechain replay (new request id, same message id) is not
        // stored beside a copy already stored, and a main copy replaces sidechain replays stored before it.
        Execute(connection, transaction,
            $"DELETE FROM {Staging} s WHERE s.is_sidechain = 1 AND s.key_prefix = 'claude' AND s.message_id IS NOT NULL " +
            $"AND EXISTS (SELECT 1 FROM {StoreSchema.Records} r WHERE r.message_id = s.message_id AND r.key <> s.key AND r.key_prefix = 'claude')");
        Execute(connection, transaction,
            $"DELETE FROM {StoreSchema.Records} r USING {Staging} s WHERE s.is_sidechain = 0 AND s.key_prefix = 'claude' " +
            "AND r.message_id = s.message_id AND r.key <> s.key AND r.key_prefix = 'claude' AND r.is_sidechain = 1");

        // One row per key (the largest copy) so that ON CONFLICT never meets the same key twice in one statement.
        return Execute(connection, transaction,
            $"INSERT INTO {StoreSchema.Records} ({StoreSchema.ColumnList}) " +
            $"SELECT DISTINCT ON (key) {StoreSchema.ColumnList} FROM {Staging} ORDER BY key, total_tokens DESC " +
            StoreSchema.UpsertTail);
    }

    private static void WriteValue(NpgsqlBinaryImporter copy, ColumnType type, object? value)
    {
        if (value is null)
        {
            copy.WriteNull();
            return;
        }

        switch (type)
        {
            case ColumnType.Text:
                copy.Write((string)value, NpgsqlDbType.Text);
                break;
            case ColumnType.Int64:
                copy.Write((long)value, NpgsqlDbType.Bigint);
                break;
            case ColumnType.Int32:
                copy.Write((int)value, NpgsqlDbType.Integer);
                break;
            case ColumnType.Double:
                copy.Write((double)value, NpgsqlDbType.Double);
                break;
        }
    }
}
