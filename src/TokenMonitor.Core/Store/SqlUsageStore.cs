using System.Data;
using System.Data.Common;
using Polly;

namespace TokenMonitor.Store;

/// <summary>
/// What both engines share: the SQL (upserts with ON CONFLICT, which SQLite and PostgreSQL spell alike),
/// migrations, queries, and the rule that every write is one transaction run through the retry pipeline
/// on a connection that is reopened when it broke.
/// </summary>
internal abstract class SqlUsageStore : IUsageStore
{
    private readonly ResiliencePipeline _retry;
    private DbConnection? _connection;
    private int _retries;

    protected SqlUsageStore(StoreLocation location)
    {
        Location = location;
        _retry = StoreRetry.Create(IsTransient, () =>
        {
            Interlocked.Increment(ref _retries);
            ResetConnection();
        });
    }

    protected StoreLocation Location { get; }

    public string Display => Location.Display;

    public abstract StoreEngine Engine { get; }

    public int Retries => _retries;

    public int SchemaVersion { get; private set; }

    /// <summary>LIKE, or PostgreSQL's ILIKE: attribution patterns match without regard to case, as PowerShell's do.</summary>
    protected abstract string LikeOperator { get; }

    protected abstract DbConnection CreateConnection();

    protected virtual void Configure(DbConnection connection)
    {
    }

    protected abstract bool IsTransient(Exception ex);

    /// <summary>Makes concurrent first runs migrate one at a time.</summary>
    protected virtual void LockForMigration(DbConnection connection, DbTransaction transaction)
    {
    }

    /// <summary>Upserts the batch inside <paramref name="transaction"/>; returns the rows inserted or replaced.</summary>
    protected abstract long WriteRecords(DbConnection connection, DbTransaction transaction, IReadOnlyList<UsageRecord> records);

    /// <summary>Opens the store, creating and migrating it on first use.</summary>
    public void Open()
    {
        try
        {
            _retry.Execute(Migrate);
        }
        catch (Exception ex) when (ex is not StoreException && IsEngineFailure(ex))
        {
            Dispose();
            throw new StoreException($"The usage store {Display} could not be opened: {Scrub(ex)}", StoreFailure.Open);
        }
    }

    public SaveResult Save(IReadOnlyList<UsageRecord> records, IReadOnlyCollection<FileProgress>? progress = null)
    {
        if (records.Count == 0 && progress is not { Count: > 0 }) return default;
        var written = Run(() =>
        {
            var connection = Connection();
            using var transaction = connection.BeginTransaction();
            var rows = records.Count == 0 ? 0 : WriteRecords(connection, transaction, records);
            if (progress is { Count: > 0 }) WriteProgress(connection, transaction, progress);
            transaction.Commit();
            return rows;
        });
        return new SaveResult(records.Count, written);
    }

    public IEnumerable<UsageRecord> Query(UsageQuery query)
    {
        var tags = query.Tag.Select(t => new StorePattern(t)).ToList();
        var exact = ExactFilters(query, out var filters);
        var (command, reader) = Run(() =>
        {
            var c = Connection().CreateCommand();
            c.CommandText = $"SELECT {StoreSchema.ColumnList} FROM {StoreSchema.Records}{Where(c, query)} ORDER BY ts, key";
            return (c, c.ExecuteReader());
        });
        using (command)
        using (reader)
        {
            while (Guard(reader.Read))
            {
                var record = UsageRow.Read(reader);
                if (tags.Count > 0 && !record.Tags.Any(t => tags.Any(p => p.Matches(t)))) continue;
                if (!exact && !filters.All(f => f.Patterns.Any(p => p.Matches(f.Value(record))))) continue;
                yield return record;
            }
        }
    }

    public long Count(UsageQuery query)
    {
        if (query.Tag.Count > 0 || !ExactFilters(query, out _)) return Query(query).LongCount();
        return Run(() =>
        {
            using var c = Connection().CreateCommand();
            c.CommandText = $"SELECT COUNT(*) FROM {StoreSchema.Records}{Where(c, query)}";
            return Convert.ToInt64(c.ExecuteScalar());
        });
    }

    public long RemoveBefore(DateTimeOffset before) => Run(() =>
    {
        var connection = Connection();
        using var transaction = connection.BeginTransaction();
        var removed = Execute(connection, transaction, $"DELETE FROM {StoreSchema.Records} WHERE ts < @before", ("before", before.UtcTicks));
        transaction.Commit();
        return (long)removed;
    });

    public IReadOnlyDictionary<string, FileProgress> GetFileProgress() => Run(() =>
    {
        using var c = Connection().CreateCommand();
        c.CommandText = "SELECT path, size, last_write, read_offset, line, head_hash, head_length, resumable, read_at FROM file_progress";
        using var row = c.ExecuteReader();
        var progress = new Dictionary<string, FileProgress>(StringComparer.Ordinal);
        while (row.Read())
        {
            progress[row.GetString(0)] = new FileProgress(row.GetString(0), row.GetInt64(1), Utc(row.GetInt64(2)), row.GetInt64(3), row.GetInt64(4),
                row.GetString(5), row.GetInt32(6), row.GetInt32(7) != 0, Utc(row.GetInt64(8)));
        }

        return progress;
    });

    public void SaveBudgetDefinition(string name, string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(json);
        RunInTransaction((c, t) => Execute(c, t,
            "INSERT INTO budgets (name, definition, updated_at) VALUES (@name, @definition, @at) " +
            "ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
            ("name", name), ("definition", json), ("at", DateTimeOffset.UtcNow.UtcTicks)));
    }

    public IReadOnlyList<BudgetDefinition> GetBudgetDefinitions() => Run(() =>
    {
        using var c = Connection().CreateCommand();
        c.CommandText = "SELECT name, definition, updated_at FROM budgets ORDER BY name";
        using var row = c.ExecuteReader();
        var budgets = new List<BudgetDefinition>();
        while (row.Read()) budgets.Add(new BudgetDefinition(row.GetString(0), row.GetString(1), Utc(row.GetInt64(2))));
        return budgets;
    });

    public bool RemoveBudgetDefinition(string name) =>
        RunInTransaction((c, t) => Execute(c, t, "DELETE FROM budgets WHERE name = @name", ("name", name))) > 0;

    public AlertClaim? TryClaimAlert(AlertKey key, TimeSpan cooldown, DateTimeOffset now, TimeSpan lease)
    {
        var token = Guid.NewGuid().ToString("N");
        var cooldownCutoff = cooldown >= TimeSpan.FromTicks(now.UtcTicks) ? long.MinValue : (now - cooldown).UtcTicks;
        var leaseCutoff = (now - lease).UtcTicks;

        // One statement decides: a new row is a claim; an existing row is claimed only when nobody holds a live claim
        // and the cooldown since the last send has passed. Rows the WHERE refuses are not returned, so exactly one
        // of any number of callers racing on the same key gets its token back. Re-running our own claim (a retry
        // after a dropped connection) finds our token and keeps it.
        var claimed = RunInTransaction((c, t) =>
        {
            using var command = Command(c, t,
                "INSERT INTO alert_state (budget, period, level, channel, status, attempts, last_sent, claim_token, claimed_at, updated_at) " +
                "VALUES (@budget, @period, @level, @channel, 'Claimed', 0, NULL, @token, @now, @now) " +
                "ON CONFLICT (budget, period, level, channel) DO UPDATE SET claim_token = excluded.claim_token, claimed_at = excluded.claimed_at, " +
                "status = 'Claimed', updated_at = excluded.updated_at " +
                "WHERE alert_state.claim_token = @token OR ((alert_state.claim_token IS NULL OR alert_state.claimed_at < @leaseCutoff) " +
                "AND (alert_state.last_sent IS NULL OR alert_state.last_sent <= @cooldownCutoff)) " +
                "RETURNING claim_token",
                ("budget", key.Budget), ("period", key.Period), ("level", key.Level), ("channel", key.Channel), ("token", token),
                ("now", now.UtcTicks), ("leaseCutoff", leaseCutoff), ("cooldownCutoff", cooldownCutoff));
            return command.ExecuteScalar() as string;
        });
        return claimed == token ? new AlertClaim(key, token, now) : null;
    }

    public void RecordAlert(AlertKey key, string status, int attempts, DateTimeOffset at, string? claimToken = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(status);
        long? sent = status.Equals("Sent", StringComparison.OrdinalIgnoreCase) ? at.UtcTicks : null;
        RunInTransaction((c, t) => Execute(c, t,
            "INSERT INTO alert_state (budget, period, level, channel, status, attempts, last_sent, claim_token, claimed_at, updated_at) " +
            "VALUES (@budget, @period, @level, @channel, @status, @attempts, @sent, NULL, NULL, @at) " +
            "ON CONFLICT (budget, period, level, channel) DO UPDATE SET status = excluded.status, " +
            "attempts = alert_state.attempts + excluded.attempts, last_sent = COALESCE(excluded.last_sent, alert_state.last_sent), " +
            "claim_token = CASE WHEN alert_state.claim_token = CAST(@token AS TEXT) THEN NULL ELSE alert_state.claim_token END, " +
            "claimed_at = CASE WHEN alert_state.claim_token = CAST(@token AS TEXT) THEN NULL ELSE alert_state.claimed_at END, " +
            "updated_at = excluded.updated_at",
            ("budget", key.Budget), ("period", key.Period), ("level", key.Level), ("channel", key.Channel), ("status", status),
            ("attempts", attempts), ("sent", sent), ("at", at.UtcTicks), ("token", claimToken)));
    }

    public AlertState? GetAlertState(AlertKey key) => Run(() =>
    {
        using var c = Command(Connection(), null,
            "SELECT status, attempts, last_sent, updated_at, claim_token FROM alert_state " +
            "WHERE budget = @budget AND period = @period AND level = @level AND channel = @channel",
            ("budget", key.Budget), ("period", key.Period), ("level", key.Level), ("channel", key.Channel));
        using var row = c.ExecuteReader();
        return row.Read()
            ? new AlertState(key, row.GetString(0), row.GetInt32(1), row.IsDBNull(2) ? null : Utc(row.GetInt64(2)), Utc(row.GetInt64(3)), !row.IsDBNull(4))
            : null;
    });

    protected DbConnection Connection()
    {
        if (_connection is { State: ConnectionState.Open }) return _connection;
        ResetConnection();
        _connection = OpenConnection();
        return _connection;
    }

    /// <summary>A new connection, opened and configured.</summary>
    protected virtual DbConnection OpenConnection()
    {
        var connection = CreateConnection();
        try
        {
            connection.Open();
            Configure(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    /// <summary>Forgets the connection (and anything prepared on it) so the next use opens a fresh one.</summary>
    protected virtual void ResetConnection()
    {
        var old = _connection;
        _connection = null;
        try
        {
            old?.Dispose();
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            // A connection that already broke may fail to close; it is being replaced either way.
        }
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters) AddParameter(command, name, value);
        return command;
    }

    protected static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    protected static DbParameter AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Whether tokenmonitor_schema exists (where the connection's search path looks), asked without DDL.</summary>
    protected abstract string SchemaTableExistsSql { get; }

    /// <summary>Opened for reading only (Get-UsageRecord): a store below the latest version is not migrated but refused.</summary>
    protected virtual bool ReadOnly => false;

    private int ReadVersion(DbConnection connection, DbTransaction? transaction)
    {
        using var exists = Command(connection, transaction, SchemaTableExistsSql);
        if (Convert.ToInt64(exists.ExecuteScalar()) == 0) return 0;
        using var read = Command(connection, transaction, "SELECT MAX(version) FROM tokenmonitor_schema");
        return read.ExecuteScalar() is { } v and not DBNull ? Convert.ToInt32(v) : 0;
    }

    private void CheckNotNewer(int version)
    {
        if (version > StoreSchema.LatestVersion)
        {
            throw new StoreException($"The usage store {Display} has schema version {version}, made by a newer TokenMonitor; this one knows up to {StoreSchema.LatestVersion}. Update the module.",
                StoreFailure.Version);
        }
    }

    private void Migrate()
    {
        var connection = Connection();

        // The version is read first, with no DDL and no lock: a store at the latest version is opened by a role
        // without CREATE on the schema (PostgreSQL least privilege) and from a file opened read-only (SQLite).
        var current = ReadVersion(connection, null);
        CheckNotNewer(current);
        if (current == StoreSchema.LatestVersion)
        {
            SchemaVersion = current;
            return;
        }

        if (ReadOnly)
        {
            throw new StoreException($"The usage store {Display} has schema version {current}; this TokenMonitor needs {StoreSchema.LatestVersion}. Open it once for writing (Save-UsageRecord) to upgrade it.",
                StoreFailure.Version);
        }

        using var transaction = connection.BeginTransaction();
        LockForMigration(connection, transaction);
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS tokenmonitor_schema (version INTEGER NOT NULL)");
        var version = ReadVersion(connection, transaction); // again, under the lock: another first run may have migrated
        CheckNotNewer(version);

        for (var next = version + 1; next <= StoreSchema.LatestVersion; next++)
        {
            foreach (var statement in StoreSchema.Migration(next, Engine)) Execute(connection, transaction, statement);
        }

        if (version < StoreSchema.LatestVersion)
        {
            Execute(connection, transaction, "DELETE FROM tokenmonitor_schema");
            Execute(connection, transaction, "INSERT INTO tokenmonitor_schema (version) VALUES (@version)", ("version", StoreSchema.LatestVersion));
        }

        transaction.Commit();
        SchemaVersion = StoreSchema.LatestVersion;
    }

    private void WriteProgress(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<FileProgress> progress)
    {
        using var command = Command(connection, transaction,
            "INSERT INTO file_progress (path, size, last_write, read_offset, line, head_hash, head_length, resumable, read_at) " +
            "VALUES (@path, @size, @lastWrite, @offset, @line, @hash, @headLength, @resumable, @readAt) " +
            "ON CONFLICT (path) DO UPDATE SET size = excluded.size, last_write = excluded.last_write, read_offset = excluded.read_offset, " +
            "line = excluded.line, head_hash = excluded.head_hash, head_length = excluded.head_length, resumable = excluded.resumable, read_at = excluded.read_at");
        foreach (var p in progress)
        {
            command.Parameters.Clear();
            foreach (var (name, value) in new (string, object?)[]
                     {
                         ("path", p.Path), ("size", p.Size), ("lastWrite", p.LastWrite.UtcTicks), ("offset", p.Offset), ("line", p.Line),
                         ("hash", p.HeadHash), ("headLength", p.HeadLength), ("resumable", p.Resumable ? 1 : 0), ("readAt", p.ReadAt.UtcTicks),
                     })
            {
                AddParameter(command, name, value);
            }

            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Whether SQL alone applies the attribution filters; when a pattern has a character class ([so]), which LIKE
    /// cannot say, SQL only narrows and <paramref name="filters"/> (every field with its patterns) are applied to
    /// the rows read.
    /// </summary>
    private static bool ExactFilters(UsageQuery query, out List<(Func<UsageRecord, string?> Value, List<StorePattern> Patterns)> filters)
    {
        filters =
        [
            (r => r.Model, query.Model.Select(p => new StorePattern(p)).ToList()),
            (r => r.Provider, query.Provider.Select(p => new StorePattern(p)).ToList()),
            (r => r.Project, query.Project.Select(p => new StorePattern(p)).ToList()),
            (r => r.User, query.User.Select(p => new StorePattern(p)).ToList()),
            (r => r.Service, query.Service.Select(p => new StorePattern(p)).ToList()),
            (r => r.Job, query.Job.Select(p => new StorePattern(p)).ToList()),
        ];
        filters.RemoveAll(f => f.Patterns.Count == 0);
        return filters.All(f => f.Patterns.All(p => p.Exact));
    }

    private string Where(DbCommand command, UsageQuery query)
    {
        var clauses = new List<string>();
        if (query.Since is { } since)
        {
            clauses.Add("ts >= @since");
            AddParameter(command, "since", since.UtcTicks);
        }

        if (query.Until is { } until)
        {
            clauses.Add("ts < @until");
            AddParameter(command, "until", until.UtcTicks);
        }

        void AnyOf(string column, IReadOnlyList<string> patterns)
        {
            if (patterns.Count == 0) return;
            var alternatives = new List<string>();
            foreach (var pattern in patterns)
            {
                var name = $"p{command.Parameters.Count}";
                AddParameter(command, name, new StorePattern(pattern).Like);
                alternatives.Add($"{column} {LikeOperator} @{name} ESCAPE '\\'");
            }

            clauses.Add($"({string.Join(" OR ", alternatives)})");
        }

        AnyOf("model", query.Model);
        AnyOf("provider", query.Provider);
        AnyOf("project", query.Project);
        AnyOf("user_name", query.User);
        AnyOf("service", query.Service);
        AnyOf("job", query.Job);
        if (query.Tag.Count > 0) clauses.Add("tags IS NOT NULL");
        return clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses);
    }

    private T RunInTransaction<T>(Func<DbConnection, DbTransaction, T> action) => Run(() =>
    {
        var connection = Connection();
        using var transaction = connection.BeginTransaction();
        var result = action(connection, transaction);
        transaction.Commit();
        return result;
    });

    private T Run<T>(Func<T> action)
    {
        try
        {
            return _retry.Execute(action);
        }
        catch (Exception ex) when (ex is not StoreException && IsEngineFailure(ex))
        {
            throw new StoreException($"The usage store {Display} failed: {Scrub(ex)}");
        }
    }

    /// <summary>A read that is not retried (a half-read result cannot be resumed), with its failure made safe to show.</summary>
    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is not StoreException && IsEngineFailure(ex))
        {
            throw new StoreException($"Reading the usage store {Display} failed: {Scrub(ex)}");
        }
    }

    private string Scrub(Exception ex) => ConnectionStrings.Scrub(ex.Message, Location.ConnectionString);

    private static bool IsEngineFailure(Exception ex) =>
        ex is DbException or InvalidOperationException or IOException or TimeoutException or System.Net.Sockets.SocketException or UnauthorizedAccessException;

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);

    public void Dispose()
    {
        ResetConnection();
        GC.SuppressFinalize(this);
    }
}
