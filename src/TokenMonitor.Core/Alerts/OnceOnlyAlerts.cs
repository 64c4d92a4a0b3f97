using System.Globalization;
using TokenMonitor.Store;

namespace TokenMonitor.Alerts;

/// <summary>
/// The once-only policy, kept in the usage store so it holds across runs and processes: an alert for a budget, period
/// window and level goes out once per channel (or again after <see cref="Cooldown"/>); a higher level goes out at once;
/// a level below one already sent in the same window is suppressed; a failed send is recorded as Failed and tried again
/// on the next run. Two runs at the same moment race on the store's atomic claim, and only the winner sends.
/// </summary>
public sealed class OnceOnlyAlerts
{
    private readonly Func<bool, IUsageStore?> _store;
    private readonly TimeProvider _clock;

    /// <param name="store">Opens the store: with true it is created when missing; with false a missing store gives null
    /// (so -WhatIf can read the state without creating a file).</param>
    public OnceOnlyAlerts(Func<bool, IUsageStore?> store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
    }

    /// <summary>Re-alert the same budget, period and level after this span; null sends it once only.</summary>
    public TimeSpan? Cooldown { get; init; }

    /// <summary>Ignore what the store remembers: send every time (the result is still recorded).</summary>
    public bool Force { get; init; }

    public static AlertKey KeyFor(IAlertChannel channel, AlertMessage message, AlertLevel? level = null) =>
        new(message.Budget, message.EventPeriod, (level ?? message.Level).ToString(), channel.StateKey);

    /// <summary>A Suppressed result when the store says this alert (or a higher level of it) was already sent; reads only.</summary>
    public AlertResult? Suppression(IAlertChannel channel, AlertMessage message)
    {
        if (Force || !channel.IsOnceOnly) return null;
        if (_store(false) is not { } store) return null;
        var now = _clock.GetUtcNow();
        for (var level = AlertLevel.Exceeded; level >= message.Level; level--)
        {
            if (store.GetAlertState(KeyFor(channel, message, level)) is { LastSent: { } sent } && InCooldown(sent, now))
            {
                return Suppressed(channel, message, level == message.Level
                    ? $"already sent at {Stamp(sent)}{CooldownText(sent)}"
                    : $"{level} was already sent at {Stamp(sent)} for this budget and period{CooldownText(sent)}");
            }
        }

        return null;
    }

    /// <summary>Claims the alert in the store, delivers it, and records the outcome; a lost claim is Suppressed.</summary>
    public AlertResult Send(AlertDispatcher dispatcher, IAlertChannel channel, AlertMessage message, CancellationToken cancel)
    {
        if (!channel.IsOnceOnly) return dispatcher.Deliver(channel, message, cancel);
        var store = _store(true) ?? throw new InvalidOperationException("The usage store could not be opened.");
        var key = KeyFor(channel, message);
        var claim = Force ? null : store.TryClaimAlert(key, Cooldown ?? TimeSpan.MaxValue, _clock.GetUtcNow(), LeaseFor(channel));
        if (!Force && claim is null)
        {
            var state = store.GetAlertState(key);
            return Suppressed(channel, message, state switch
            {
                { Claimed: true } => $"another run is sending it (claimed at {Stamp(state.UpdatedAt)})",
                { LastSent: { } sent } => $"already sent at {Stamp(sent)}{CooldownText(sent)}",
                _ => "another run holds it",
            });
        }

        AlertResult result;
        try
        {
            result = dispatcher.Deliver(channel, message, cancel);
        }
        catch (OperationCanceledException)
        {
            // Stopped (Ctrl+C) before an outcome: release the claim so the next run sends it.
            store.RecordAlert(key, "Failed", 0, _clock.GetUtcNow(), claim?.Token);
            throw;
        }

        try
        {
            store.RecordAlert(key, result.Status.ToString(), result.Attempts, result.At, claim?.Token);
        }
        catch (StoreException ex)
        {
            // The alert went out (or failed) either way: say so, rather than ending the run and losing the result.
            return new AlertResult
            {
                Channel = result.Channel, Budget = result.Budget, Level = result.Level, Status = result.Status, Attempts = result.Attempts,
                At = result.At, Message = result.Message,
                Reason = $"{result.Reason}{(result.Reason is null ? "" : " ")}The store could not record it ({ex.Message}); a run after the claim's lease may send it again.",
            };
        }

        return result;
    }

    /// <summary>
    /// How long a claim holds before another run may take it over: longer than the slowest send the retry policy
    /// allows, so a live sender is never doubled, and short enough that a crashed run's alert is sent by a later one.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The lease for one channel: never shorter than its slowest send plus a margin.</summary>
    public TimeSpan LeaseFor(IAlertChannel channel)
    {
        var needed = channel.LongestSend + TimeSpan.FromMinutes(1);
        return needed > Lease ? needed : Lease;
    }

    private bool InCooldown(DateTimeOffset sent, DateTimeOffset now) => Cooldown is not { } cooldown || now - sent < cooldown;

    private string CooldownText(DateTimeOffset sent) => Cooldown is { } cooldown
        ? $"; the cooldown of {Time.Durations.Format(cooldown)} ends at {Stamp(sent + cooldown)}"
        : " (once per budget, period and level; -Cooldown re-alerts, -Force ignores this)";

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private AlertResult Suppressed(IAlertChannel channel, AlertMessage message, string reason) => new()
    {
        Channel = channel.Name,
        Budget = message.Budget,
        Level = message.Level,
        Status = AlertDeliveryStatus.Suppressed,
        Reason = reason,
        Attempts = 0,
        At = _clock.GetUtcNow(),
        Message = message.Text,
    };
}
