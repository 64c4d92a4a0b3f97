using TokenMonitor.Alerts;
using TokenMonitor.Store;
using TokenMonitor.Testing;
using TokenMonitor.Tests.Store;

namespace TokenMonitor.Tests.Alerts;

/// <summary>The once-only policy against a real store: SQLite here, PostgreSQL in the subclass.</summary>
public class OnceOnlyAlertsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly LoopbackHttpServer _server = new();
    private readonly HttpClient _client = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));

    protected virtual string ConnectionString => Path.Combine(_folder.Path, "usage.db");

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private IAlertChannel Webhook(string name = "hook") => new HttpAlertChannel(AlertChannel.Webhook(_server.Url("/hook/s3cr3t-path"), name: name,
        delivery: new DeliveryOptions { RetryDelay = TimeSpan.FromMilliseconds(10), MaximumAttempts = 2, Timeout = TimeSpan.FromSeconds(5) }), _client);

    /// <summary>One run of Send-UsageAlert: its own store connection, as a new process would have.</summary>
    private AlertResult Run(IAlertChannel channel, AlertLevel level, TimeSpan? cooldown = null, bool force = false)
    {
        using var store = UsageStore.Open(ConnectionString);
        var policy = new OnceOnlyAlerts(_ => store, _clock) { Cooldown = cooldown, Force = force };
        var message = AlertMessage.From(HttpChannelTests.Status(level));
        return policy.Suppression(channel, message) ?? policy.Send(new AlertDispatcher([channel], _clock), channel, message, default);
    }

    [SkippableFact]
    public void The_same_budget_period_and_level_is_sent_once_across_runs()
    {
        var channel = Webhook();
        Assert.Equal(AlertDeliveryStatus.Sent, Run(channel, AlertLevel.Warning).Status);
        _clock.Now += TimeSpan.FromMinutes(5);
        var second = Run(channel, AlertLevel.Warning);
        Assert.Equal(AlertDeliveryStatus.Suppressed, second.Status);
        Assert.Contains("already sent at 2026-11-20 12:00:00 UTC", second.Reason);
        Assert.Single(_server.Requests);
    }

    [SkippableFact]
    public void A_higher_level_is_sent_at_once_and_a_lower_one_after_it_is_suppressed()
    {
        var channel = Webhook();
        Assert.Equal(AlertDeliveryStatus.Sent, Run(channel, AlertLevel.Warning).Status);
        Assert.Equal(AlertDeliveryStatus.Sent, Run(channel, AlertLevel.Critical).Status);
        var lower = Run(channel, AlertLevel.Warning);
        Assert.Equal(AlertDeliveryStatus.Suppressed, lower.Status);
        Assert.Contains("Critical was already sent", lower.Reason);
        Assert.Equal(2, _server.Requests.Count);
    }

    [SkippableFact]
    public void Each_channel_has_its_own_state()
    {
        Assert.Equal(AlertDeliveryStatus.Sent, Run(Webhook("a"), AlertLevel.Warning).Status);
        Assert.Equal(AlertDeliveryStatus.Sent, Run(Webhook("b"), AlertLevel.Warning).Status);
        Assert.Equal(AlertDeliveryStatus.Suppressed, Run(Webhook("a"), AlertLevel.Warning).Status);
    }

    [SkippableFact]
    public void Cooldown_re_alerts_after_the_span_and_not_before()
    {
        var channel = Webhook();
        var hour = TimeSpan.FromHours(1);
        Assert.Equal(AlertDeliveryStatus.Sent, Run(channel, AlertLevel.Critical, hour).Status);
        _clock.Now += TimeSpan.FromMinutes(59);
        var early = Run(channel, AlertLevel.Critical, hour);
        Assert.Equal(AlertDeliveryStatus.Suppressed, early.Status);
        Assert.Contains("cooldown of 1h ends at 2026-11-20 13:00:00 UTC", early.Reason);
        _clock.Now += TimeSpan.FromMinutes(2);
        Assert.Equal(AlertDeliveryStatus.Sent, Run(channel, AlertLevel.Critical, hour).Status);
        Assert.Equal(2, _server.Requests.Count);
    }

    [SkippableFact]
    public void Channels_of_the_same_name_but_different_addresses_keep_separate_state()
    {
        var teamA = new HttpAlertChannel(AlertChannel.Webhook(_server.Url("/hook/teamA")), _client);
        var teamB = new HttpAlertChannel(AlertChannel.Webhook(_server.Url("/hook/teamB")), _client);
        Assert.Equal(teamA.Name, teamB.Name); // both left with the default name
        Assert.Equal(AlertDeliveryStatus.Sent, Run(teamA, AlertLevel.Critical).Status);
        Assert.Equal(AlertDeliveryStatus.Sent, Run(teamB, AlertLevel.Critical).Status);
        Assert.Equal(2, _server.Requests.Count);
    }

    [SkippableFact]
    public void A_forced_send_leaves_another_run_s_live_claim_in_place()
    {
        var channel = Webhook();
        using var store = UsageStore.Open(ConnectionString);
        var message = AlertMessage.From(HttpChannelTests.Status(AlertLevel.Critical));
        var key = OnceOnlyAlerts.KeyFor(channel, message);
        var held = store.TryClaimAlert(key, TimeSpan.MaxValue, _clock.GetUtcNow(), TimeSpan.FromMinutes(15));
        Assert.NotNull(held);

        Assert.Equal(AlertDeliveryStatus.Sent, Run(channel, AlertLevel.Critical, force: true).Status);
        Assert.True(store.GetAlertState(key)!.Claimed); // the other run still holds its claim
        Assert.Null(store.TryClaimAlert(key, TimeSpan.MaxValue, _clock.GetUtcNow(), TimeSpan.FromMinutes(15)));
    }

    [SkippableFact]
    public void Force_sends_whatever_the_store_says()
    {
        var channel = Webhook();
        Run(channel, AlertLevel.Critical);
        Assert.Equal(AlertDeliveryStatus.Sent, Run(channel, AlertLevel.Critical, force: true).Status);
        Assert.Equal(2, _server.Requests.Count);
    }

    [SkippableFact]
    public void A_failed_alert_is_recorded_and_sent_by_the_next_run()
    {
        var channel = Webhook();
        _server.Enqueue(new Reply(500), new Reply(500));
        var failed = Run(channel, AlertLevel.Critical);
        Assert.Equal(AlertDeliveryStatus.Failed, failed.Status);
        using (var store = UsageStore.Open(ConnectionString))
        {
            var state = store.GetAlertState(OnceOnlyAlerts.KeyFor(channel, AlertMessage.From(HttpChannelTests.Status())));
            Assert.Equal("Failed", state!.Status);
            Assert.Null(state.LastSent);
            Assert.False(state.Claimed);
        }

        var next = Run(channel, AlertLevel.Critical);
        Assert.Equal(AlertDeliveryStatus.Sent, next.Status);
        Assert.Equal(3, _server.Requests.Count);
    }

    [SkippableFact]
    public void Two_runs_at_the_same_moment_send_one_alert()
    {
        // The server holds each request a moment, so both runs are between their checks and their records at once.
        for (var i = 0; i < 8; i++) _server.Enqueue(new Reply(200, Delay: TimeSpan.FromMilliseconds(200)));
        var channel = Webhook();
        using var start = new Barrier(8);
        var results = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ =>
        {
            start.SignalAndWait();
            return Run(channel, AlertLevel.Exceeded);
        }).ToList();

        Assert.Single(results, r => r.Status == AlertDeliveryStatus.Sent);
        Assert.Equal(7, results.Count(r => r.Status == AlertDeliveryStatus.Suppressed));
        Assert.Single(_server.Requests);
    }

    [SkippableFact]
    public void The_store_holds_no_URL_or_secret()
    {
        Run(Webhook(), AlertLevel.Critical);
        if (!File.Exists(ConnectionString)) return; // PostgreSQL: the row is checked by the SQLite run of this test
        foreach (var file in Directory.EnumerateFiles(_folder.Path))
        {
            var bytes = File.ReadAllText(file, System.Text.Encoding.Latin1);
            Assert.DoesNotContain("s3cr3t-path", bytes);
            Assert.DoesNotContain("127.0.0.1", bytes);
        }
    }

    public virtual void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}

/// <summary>The same policy on PostgreSQL, a schema per test; skipped loudly without a server.</summary>
public sealed class PostgresOnceOnlyAlertsTests : OnceOnlyAlertsTests
{
    private readonly PostgresSchema? _schema = StoreEngines.PostgresConnectionString is null ? null : StoreEngines.NewPostgresSchema();

    protected override string ConnectionString => _schema?.ConnectionString ?? StoreEngines.RequirePostgres();

    public override void Dispose()
    {
        base.Dispose();
        _schema?.Dispose();
    }
}
