using TokenMonitor.Store;

namespace TokenMonitor.Tests.Store;

/// <summary>What every engine must do alike; run once on SQLite and once on PostgreSQL.</summary>
public abstract class StoreContractTests : IDisposable
{
    /// <summary>A new, empty store location for this test; skips (loudly) when the engine is not available.</summary>
    protected abstract string NewConnectionString();

    protected IUsageStore OpenStore() => UsageStore.Open(ConnectionString);

    private string? _connectionString;

    protected string ConnectionString => _connectionString ??= NewConnectionString();

    [SkippableFact]
    public void Records_come_back_with_every_field_exactly()
    {
        using var store = OpenStore();
        var saved = StoreRecords.Many(4);
        store.Save(saved);
        var read = store.Query(UsageQuery.All).ToList();
        Assert.Equal(saved.Count, read.Count);
        foreach (var (a, b) in saved.Zip(read))
        {
            Assert.Equal(a.Key, b.Key);
            Assert.Equal(a.Timestamp, b.Timestamp);
            Assert.Equal(a.Timestamp.UtcTicks, b.Timestamp.UtcTicks);
            Assert.Equal(TimeSpan.Zero, b.Timestamp.Offset);
            Assert.Equal((a.Provider, a.Model, a.InputTokens, a.OutputTokens, a.CacheReadTokens, a.CacheWrite5mTokens, a.CacheWrite1hTokens, a.ReasoningTokens),
                (b.Provider, b.Model, b.InputTokens, b.OutputTokens, b.CacheReadTokens, b.CacheWrite5mTokens, b.CacheWrite1hTokens, b.ReasoningTokens));
            Assert.Equal(a.TotalTokens, b.TotalTokens);
            Assert.Equal((a.RequestId, a.MessageId, a.SessionId, a.Project, a.User, a.Service, a.Job), (b.RequestId, b.MessageId, b.SessionId, b.Project, b.User, b.Service, b.Job));
            Assert.Equal(a.Tags, b.Tags);
            Assert.Equal(a.LatencyMs, b.LatencyMs);
            Assert.Equal((a.ServiceTier, a.Speed, a.Format, a.SourceFile, a.SourceLine, a.IsSidechain, a.Requests), (b.ServiceTier, b.Speed, b.Format, b.SourceFile, b.SourceLine, b.IsSidechain, b.Requests));
            Assert.Equal(a.ReportedCost, b.ReportedCost);
            Assert.Equal(a.ReportedCost?.ToString(), b.ReportedCost?.ToString()); // scale kept: 0.0012300
            Assert.Equal((a.KeyPrefix, a.ProviderId, a.LongContextHint), (b.KeyPrefix, b.ProviderId, b.LongContextHint));
        }
    }

    [SkippableFact]
    public void Saving_the_same_records_twice_stores_each_once()
    {
        using var store = OpenStore();
        var first = store.Save(StoreRecords.Many(50));
        var second = store.Save(StoreRecords.Many(50));
        Assert.Equal(new SaveResult(50, 50), first);
        Assert.Equal(new SaveResult(50, 0), second);
        Assert.Equal(50, store.Count(UsageQuery.All));
    }

    [SkippableFact]
    public void A_larger_copy_replaces_a_smaller_one_and_never_the_reverse()
    {
        using var store = OpenStore();
        var small = StoreRecords.Full(1);
        var large = StoreRecords.Full(1);
        large.OutputTokens += 500;
        large.SourceLine = 99;
        store.Save([small]);
        Assert.Equal(1, store.Save([large]).Written);
        Assert.Equal(0, store.Save([small]).Written);
        var kept = Assert.Single(store.Query(UsageQuery.All));
        Assert.Equal(large.TotalTokens, kept.TotalTokens);
        Assert.Equal(99, kept.SourceLine);
    }

    [SkippableFact]
    public void One_batch_holding_two_copies_of_a_call_keeps_the_larger()
    {
        using var store = OpenStore();
        var small = StoreRecords.Full(3);
        var large = StoreRecords.Full(3);
        large.InputTokens += 1000;
        store.Save([large, small, StoreRecords.Full(4)]);
        Assert.Equal(2, store.Count(UsageQuery.All));
        Assert.Equal(large.TotalTokens, store.Query(UsageQuery.All).First(r => r.Key == large.Key).TotalTokens);
    }

    [SkippableFact]
    public void A_sidechain_replay_of_a_stored_call_is_not_stored_beside_it()
    {
        using var store = OpenStore();
        var main = StoreRecords.Full(5);
        var replay = StoreRecords.Full(5);
        replay.RequestId = "req_replayed";
        replay.IsSidechain = true;
        replay.Key = null!; // composed again from the new request id
        store.Save([main]);
        Assert.Equal(0, store.Save([replay]).Written);
        Assert.Equal(main.Key, Assert.Single(store.Query(UsageQuery.All)).Key);
    }

    [SkippableFact]
    public void A_main_copy_replaces_a_sidechain_replay_stored_before_it()
    {
        using var store = OpenStore();
        var replay = StoreRecords.Full(6);
        replay.RequestId = "req_replayed";
        replay.IsSidechain = true;
        replay.Key = null!;
        store.Save([replay, StoreRecords.Full(7)]);
        store.Save([StoreRecords.Full(6)]);
        Assert.Equal(2, store.Count(UsageQuery.All));
        Assert.All(store.Query(UsageQuery.All), r => Assert.False(r.IsSidechain));
    }

    [SkippableFact]
    public void Queries_filter_by_time_and_by_wildcards_without_regard_to_case()
    {
        using var store = OpenStore();
        store.Save(StoreRecords.Many(10));
        Assert.Equal(5, store.Query(new UsageQuery { Model = ["CLAUDE-SONNET*"] }).Count());
        Assert.Equal(10, store.Query(new UsageQuery { Model = ["*sonnet*", "claude-opus-4-?"] }).Count());
        Assert.Equal(4, store.Query(new UsageQuery { Project = ["webapp"] }).Count());
        Assert.Equal(5, store.Query(new UsageQuery { Tag = ["team:*"] }).Count());
        Assert.Equal(5, store.Count(new UsageQuery { Tag = ["ENV:CI"] }));
        Assert.Equal(3, store.Count(new UsageQuery { Since = StoreRecords.Start.AddMinutes(2), Until = StoreRecords.Start.AddMinutes(5) }));
        Assert.Empty(store.Query(new UsageQuery { User = ["bob"] }));
        Assert.Equal(0, store.Count(new UsageQuery { User = ["a_i*"] })); // SQL's own wildcards are plain characters here
        Assert.Equal(0, store.Count(new UsageQuery { User = ["al%"] }));
        Assert.Equal(10, store.Query(new UsageQuery { Model = ["claude-[so]*"] }).Count()); // a class: narrowed in SQL, matched in .NET
        Assert.Equal(10, store.Count(new UsageQuery { Model = ["CLAUDE-[SO]*"] }));
        Assert.Equal(5, store.Count(new UsageQuery { Model = ["claude-[s]*"] }));
        Assert.Equal(5, store.Count(new UsageQuery { Model = ["claude-[o]*", "nothing*"] }));
        Assert.Equal(0, store.Count(new UsageQuery { Model = ["claude-[xyz]*"] }));
        var ordered = store.Query(UsageQuery.All).Select(r => r.Timestamp).ToList();
        Assert.Equal(ordered.OrderBy(t => t), ordered);
    }

    [SkippableFact]
    public void Remove_before_deletes_older_records_only()
    {
        using var store = OpenStore();
        store.Save(StoreRecords.Many(10));
        Assert.Equal(4, store.RemoveBefore(StoreRecords.Start.AddMinutes(3.5)));
        Assert.Equal(6, store.Count(UsageQuery.All));
        Assert.True(store.Query(UsageQuery.All).All(r => r.Timestamp >= StoreRecords.Start.AddMinutes(3.5)));
    }

    [SkippableFact]
    public void A_new_store_is_migrated_to_the_latest_schema_and_reopens()
    {
        using (var store = OpenStore()) Assert.Equal(StoreSchema.LatestVersion, store.SchemaVersion);
        using var again = OpenStore();
        Assert.Equal(StoreSchema.LatestVersion, again.SchemaVersion);
    }

    [SkippableFact]
    public void File_progress_is_committed_with_its_batch()
    {
        using var store = OpenStore();
        var progress = new FileProgress("/logs/a.jsonl", 1000, StoreRecords.Start, 900, 12, "abcd", 900, true, StoreRecords.Start.AddHours(1));
        store.Save(StoreRecords.Many(2), [progress]);
        Assert.Equal(progress, store.GetFileProgress()["/logs/a.jsonl"]);
        var later = progress with { Size = 2000, Offset = 1900, Line = 30 };
        store.Save([], [later]);
        Assert.Equal(later, Assert.Single(store.GetFileProgress()).Value);
    }

    [SkippableFact]
    public void Budgets_are_saved_by_name_as_the_json_given()
    {
        using var store = OpenStore();
        store.SaveBudgetDefinition("monthly", """{"amount": 200.00, "period": "Monthly"}""");
        store.SaveBudgetDefinition("daily", """{"amount": 10}""");
        store.SaveBudgetDefinition("monthly", """{"amount": 250.10, "period": "Monthly"}""");
        var budgets = store.GetBudgetDefinitions();
        Assert.Equal(["daily", "monthly"], budgets.Select(b => b.Name));
        Assert.Equal("""{"amount": 250.10, "period": "Monthly"}""", budgets[1].Json);
        Assert.True(store.RemoveBudgetDefinition("daily"));
        Assert.False(store.RemoveBudgetDefinition("daily"));
        Assert.Single(store.GetBudgetDefinitions());
    }

    [SkippableFact]
    public void An_alert_is_claimed_once_then_held_back_by_its_cooldown()
    {
        using var store = OpenStore();
        var key = new AlertKey("monthly", "Monthly:2026-11-01", "Warning", "Slack");
        var now = StoreRecords.Start;
        var lease = TimeSpan.FromMinutes(5);
        var claim = store.TryClaimAlert(key, TimeSpan.FromHours(1), now, lease);
        Assert.NotNull(claim);
        Assert.Null(store.TryClaimAlert(key, TimeSpan.FromHours(1), now.AddSeconds(1), lease)); // claimed and live
        store.RecordAlert(key, "Failed", 0, now.AddSeconds(1)); // a -Force run records without a claim: ours stays
        Assert.True(store.GetAlertState(key)!.Claimed);
        store.RecordAlert(key, "Sent", 2, now.AddSeconds(2), claim.Token);
        var state = store.GetAlertState(key)!;
        Assert.Equal(("Sent", 2, now.AddSeconds(2), false), (state.Status, state.Attempts, state.LastSent, state.Claimed));
        Assert.Null(store.TryClaimAlert(key, TimeSpan.FromHours(1), now.AddMinutes(30), lease)); // cooling down
        Assert.Null(store.TryClaimAlert(key, TimeSpan.MaxValue, now.AddDays(300), lease)); // once per period, for ever
        var again = store.TryClaimAlert(key, TimeSpan.FromHours(1), now.AddHours(2), lease);
        Assert.NotNull(again);
        store.RecordAlert(key, "Failed", 3, now.AddHours(2), again.Token);
        Assert.Equal(("Failed", 5, now.AddSeconds(2)), (store.GetAlertState(key)!.Status, store.GetAlertState(key)!.Attempts, store.GetAlertState(key)!.LastSent));
        Assert.NotNull(store.TryClaimAlert(key, TimeSpan.FromHours(1), now.AddHours(2).AddSeconds(1), lease)); // a failure does not cool down
        Assert.NotNull(store.TryClaimAlert(key, TimeSpan.FromHours(1), now.AddHours(3), lease)); // an abandoned claim expires
    }

    [SkippableFact]
    public void Of_eight_connections_claiming_one_alert_at_once_exactly_one_wins()
    {
        using (var first = OpenStore()) Assert.Equal(StoreSchema.LatestVersion, first.SchemaVersion);
        var key = new AlertKey("team", "Daily:2026-11-17", "Exceeded", "Teams");
        var now = DateTimeOffset.UtcNow;
        using var gate = new Barrier(8);
        var wins = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ =>
        {
            using var store = OpenStore();
            gate.SignalAndWait();
            return store.TryClaimAlert(key, TimeSpan.FromHours(1), now, TimeSpan.FromMinutes(5)) is not null ? 1 : 0;
        }).Sum();
        Assert.Equal(1, wins);
    }

    [SkippableFact]
    public void Two_writers_at_once_both_succeed_and_each_call_is_stored_once()
    {
        using (var first = OpenStore()) Assert.Equal(StoreSchema.LatestVersion, first.SchemaVersion);
        var a = StoreRecords.Many(20_000);
        var b = StoreRecords.Many(20_000, offset: 10_000);
        var tasks = new[] { a, b }.Select(records => Task.Run(() =>
        {
            using var store = OpenStore();
            foreach (var batch in records.Chunk(1000)) store.Save(batch);
        })).ToArray();
        Task.WaitAll(tasks);
        using var check = OpenStore();
        Assert.Equal(30_000, check.Count(UsageQuery.All));
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
