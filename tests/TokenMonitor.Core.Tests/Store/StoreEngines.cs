using Npgsql;
using TokenMonitor.Store;

namespace TokenMonitor.Tests.Store;

/// <summary>Fresh stores for tests: a SQLite file in a temp folder, or a new schema in the test PostgreSQL server.</summary>
internal static class StoreEngines
{
    public const string PostgresVariable = "TOKENMONITOR_TEST_POSTGRES";

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>Skips the calling test, loudly, when no PostgreSQL server was provided (.ci/postgres.sh start provides one).</summary>
    public static string RequirePostgres()
    {
        var cs = PostgresConnectionString;
        Skip.If(cs is null,
            $"SKIPPED: no PostgreSQL for the store tests. {PostgresVariable} is not set; run '.ci/postgres.sh start' and 'source /tmp/tokenmonitor-pg/env' (.ci/run does this).");
        return cs!;
    }

    /// <summary>A connection string whose tables live in a schema of their own, dropped by <see cref="PostgresSchema.Dispose"/>.</summary>
    public static PostgresSchema NewPostgresSchema() => new(RequirePostgres());
}

internal sealed class PostgresSchema : IDisposable
{
    private readonly string _admin;

    public PostgresSchema(string connectionString)
    {
        _admin = connectionString;
        Name = "t_" + Guid.NewGuid().ToString("N")[..16];
        Execute($"CREATE SCHEMA {Name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = Name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP SCHEMA IF EXISTS {Name} CASCADE");
    }
}
