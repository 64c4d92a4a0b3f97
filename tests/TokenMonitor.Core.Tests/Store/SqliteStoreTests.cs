using Microsoft.Data.Sqlite;
using TokenMonitor.Store;
using TokenMonitor.Testing;

namespace TokenMonitor.Tests.Store;

public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly TempFolder _folder = new();

    protected override string NewConnectionString() => Path.Combine(_folder.Path, "sub", "usage.db");

    [Fact]
    public void A_reader_opens_the_file_read_only_and_never_writes()
    {
        var path = NewConnectionString();
        using (var writer = UsageStore.Open(path)) writer.Save(StoreRecords.Many(5));
        using var reader = UsageStore.Open(StoreLocation.Resolve(path), readOnly: true);
        Assert.Contains("Mode=ReadOnly", ((SqliteUsageStore)reader).OpenConnectionString);
        Assert.Equal(5, reader.Query(UsageQuery.All).Count());
        var ex = Assert.Throws<StoreException>(() => reader.Save(StoreRecords.Many(1, offset: 100)));
        Assert.Contains("readonly", ex.Message);
    }

    [SkippableFact]
    public void A_file_and_folder_nobody_may_write_are_still_read()
    {
        // Root ignores permission bits, so chmod 444 proves nothing here; the immutable attribute binds root too.
        var path = NewConnectionString();
        using (var writer = UsageStore.Open(path)) writer.Save(StoreRecords.Many(5));
        var folder = Path.GetDirectoryName(path)!;
        Skip.IfNot(Chattr.Set("+i", path) && Chattr.Set("+i", folder), "SKIPPED: chattr +i is not available here, so a file nobody may write cannot be made.");
        try
        {
            Assert.Throws<UnauthorizedAccessException>(() => File.AppendAllText(path, "x"));
            using var reader = UsageStore.Open(StoreLocation.Resolve(path), readOnly: true);
            Assert.Equal(5, reader.Count(UsageQuery.All));
            Assert.Equal(5, reader.Query(UsageQuery.All).Count());
        }
        finally
        {
            Chattr.Set("-i", folder);
            Chattr.Set("-i", path);
        }
    }

    [Fact]
    public void The_file_is_created_in_wal_mode()
    {
        using (OpenStore())
        {
        }

        using var connection = new SqliteConnection($"Data Source={ConnectionString};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void A_store_from_a_newer_version_is_refused_by_name()
    {
        using (OpenStore())
        {
        }

        using (var connection = new SqliteConnection($"Data Source={ConnectionString};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE tokenmonitor_schema SET version = 99";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<StoreException>(OpenStore);
        Assert.Equal(StoreFailure.Version, ex.Failure);
        Assert.Contains("99", ex.Message);
    }

    [Fact]
    public void A_version_1_store_is_migrated_to_version_2()
    {
        using (OpenStore())
        {
        }

        Sql("DROP INDEX ix_usage_records_message; UPDATE tokenmonitor_schema SET version = 1");
        using (var store = OpenStore()) Assert.Equal(2, store.SchemaVersion);
        Assert.Equal(1L, Sql("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_usage_records_message'"));
        Assert.Equal(2L, Sql("SELECT version FROM tokenmonitor_schema"));
    }

    private object? Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={ConnectionString};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public void A_file_that_is_not_a_database_fails_to_open_with_its_path()
    {
        var path = _folder.Write("notes.db", new string('x', 5000));
        var ex = Assert.Throws<StoreException>(() => UsageStore.Open(path));
        Assert.Equal(StoreFailure.Open, ex.Failure);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void A_writer_that_dies_mid_batch_leaves_nothing_of_that_batch()
    {
        using var store = OpenStore();
        store.Save(StoreRecords.Many(10));
        var poisoned = StoreRecords.Many(10, offset: 10);
        poisoned[5].Model = null!; // NOT NULL fails half way through the batch
        Assert.Throws<StoreException>(() => store.Save(poisoned));
        Assert.Equal(10, store.Count(UsageQuery.All));
        store.Save(StoreRecords.Many(10, offset: 10));
        Assert.Equal(20, store.Count(UsageQuery.All));
    }

    [Fact]
    public void A_million_records_save_in_well_under_a_minute()
    {
        using var store = OpenStore();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        const int total = 200_000;
        foreach (var batch in Enumerable.Range(0, total).Select(StoreRecords.Full).Chunk(10_000)) store.Save(batch);
        clock.Stop();
        Assert.Equal(total, store.Count(UsageQuery.All));

        // 200k here keeps the suite quick; the bench's store command measures the full million (docs/performance.md).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"200,000 records took {clock.Elapsed.TotalSeconds:N1} s");
    }

    public override void Dispose()
    {
        _folder.Dispose();
        base.Dispose();
    }
}
