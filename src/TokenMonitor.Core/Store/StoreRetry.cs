using Polly;
using Polly.Retry;

namespace TokenMonitor.Store;

/// <summary>
/// Runs a store operation again after a transient failure: a SQLite file another process is writing (busy
/// past the busy timeout), a PostgreSQL connection that dropped or a server restarting. Every write the store
/// retries is a whole transaction of idempotent upserts, so running one twice never stores a record twice.
/// </summary>
internal static class StoreRetry
{
    public static ResiliencePipeline Create(Func<Exception, bool> isTransient, Action beforeRetry, int attempts = 6) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(isTransient),
                MaxRetryAttempts = attempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = _ =>
                {
                    beforeRetry();
                    return default;
                },
            })
            .Build();
}
