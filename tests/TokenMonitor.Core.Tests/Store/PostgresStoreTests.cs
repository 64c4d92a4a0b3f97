using Npgsql;
using TokenMonitor.Store;

namespace TokenMonitor.Tests.Store;

public sealed class PostgresStoreTests : StoreContractTests
{
    private PostgresSchema? _schema;

    protected override string NewConnectionString() => (_schema ??= StoreEngines.NewPostgresSchema()).ConnectionString;

    [SkippableFact]
    public void A_wrong_password_fails_without_showing_it()
    {
        var good = StoreEngines.RequirePostgres();
        const string secret = "Wr0ng-Pa55word-7f3c";
        var bad = new NpgsqlConnectionStringBuilder(good) { Password = secret }.ConnectionString;
        var ex = Assert.Throws<StoreException>(() => UsageStore.Open(bad));
        Assert.Equal(StoreFailure.Open, ex.Failure);
        Assert.DoesNotContain(secret, ex.ToString());
        Assert.Contains("password=********", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(ex.Message.Contains("28P01"), ex.Message); // password authentication failed
    }

    [SkippableFact]
    public void A_role_with_only_DML_and_schema_usage_saves_and_reads_once_the_schema_exists()
    {
        // The least privilege docs/store.md asks for after the first run: no CREATE on the schema, so opening must
        // not run DDL when the store is at the latest version.
        var schema = _schema ??= StoreEngines.NewPostgresSchema();
        using (UsageStore.Open(schema.ConnectionString))
        {
        }

        var role = "tm_dml_" + Guid.NewGuid().ToString("N")[..12];
        const string password = "Dml-0nly-pass";
        schema.Execute($"CREATE ROLE {role} LOGIN PASSWORD '{password}'");
        try
        {
            schema.Execute($"GRANT USAGE ON SCHEMA {schema.Name} TO {role}");
            schema.Execute($"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema.Name} TO {role}");
            var limited = new NpgsqlConnectionStringBuilder(schema.ConnectionString) { Username = role, Password = password, Pooling = false }.ConnectionString;
            using (var store = UsageStore.Open(limited))
            {
                Assert.Equal(StoreSchema.LatestVersion, store.SchemaVersion);
                store.Save(StoreRecords.Many(10));
                Assert.Equal(10, store.Count(UsageQuery.All));
                Assert.Equal(10, store.Query(UsageQuery.All).Count());
            }

            // A store below the latest version still needs a role that may migrate it, and says so.
            schema.Execute($"UPDATE {schema.Name}.tokenmonitor_schema SET version = 1");
            Assert.Equal(StoreFailure.Open, Assert.Throws<StoreException>(() => UsageStore.Open(limited)).Failure);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            schema.Execute($"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    [SkippableFact]
    public void A_connection_dropped_mid_run_is_retried_with_nothing_twice()
    {
        var cs = NewConnectionString();
        using var store = UsageStore.Open(cs);
        using var stop = new CancellationTokenSource();
        var killer = Task.Run(async () =>
        {
            // Ends the store's backend over and over while it saves, as a server restart or a network cut would.
            await using var admin = new NpgsqlConnection(StoreEngines.RequirePostgres());
            await admin.OpenAsync();
            var kills = 0;
            while (!stop.IsCancellationRequested && kills < 5)
            {
                await Task.Delay(150);
                await using var command = new NpgsqlCommand(
                    "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = ''",
                    admin);
                kills += Convert.ToInt32(await command.ExecuteScalarAsync());
            }
        });
        var records = StoreRecords.Many(60_000);
        foreach (var batch in records.Chunk(2_000))
        {
            store.Save(batch);
            Thread.Sleep(20);
        }

        stop.Cancel();
        killer.Wait();
        Assert.True(store.Retries > 0, "the backend was never terminated during the run");
        Assert.Equal(60_000, store.Count(UsageQuery.All));
        Assert.Equal(records.Sum(r => r.TotalTokens), store.Query(UsageQuery.All).Sum(r => r.TotalTokens));
    }

    [Fact]
    public void Postgres_connection_strings_are_recognised_and_redacted()
    {
        var location = StoreLocation.Resolve("Host=db.example;Username=ci;Password=s3cret;Database=usage");
        Assert.Equal(StoreEngine.PostgreSql, location.Engine);
        Assert.DoesNotContain("s3cret", location.Display);
        var uri = StoreLocation.Resolve("postgresql://ci:p%40ss@db.example:6543/usage?sslmode=require");
        Assert.Equal(StoreEngine.PostgreSql, uri.Engine);
        Assert.Contains("Port=6543", uri.ConnectionString);
        Assert.Contains("Password=p@ss", uri.ConnectionString);
        Assert.DoesNotContain("p@ss", uri.Display);
    }

    public override void Dispose()
    {
        _schema?.Dispose();
        base.Dispose();
    }
}
