using TokenMonitor.Alerts;

namespace TokenMonitor.Tests.Alerts;

public class AlertDispatcherTests
{
    private sealed class FailingChannel : IAlertChannel
    {
        public string Name => "Broken";
        public AlertLevel MinimumLevel => AlertLevel.Info;
        public ChannelDelivery Send(AlertMessage message, CancellationToken cancel) => throw new IOException("connection refused");
    }

    private static AlertMessage Message(AlertLevel level) => AlertMessage.From("daily", level, "spent a lot");

    [Fact]
    public void Channels_carry_only_levels_at_or_above_their_minimum()
    {
        var lines = new List<string>();
        var console = new ConsoleAlertChannel((_, text) => lines.Add(text), AlertLevel.Warning);
        var dispatcher = new AlertDispatcher([console, new FailingChannel()], TimeProvider.System);

        Assert.Equal(["Broken"], dispatcher.ChannelsFor(Message(AlertLevel.Info)).Select(c => c.Name));
        Assert.Equal(["Console", "Broken"], dispatcher.ChannelsFor(Message(AlertLevel.Critical)).Select(c => c.Name));
    }

    [Fact]
    public void Console_channel_writes_one_line_with_the_level()
    {
        var lines = new List<(AlertLevel, string)>();
        var console = new ConsoleAlertChannel((level, text) => lines.Add((level, text)));
        var result = new AlertDispatcher([console], TimeProvider.System).Deliver(console, Message(AlertLevel.Exceeded), default);

        Assert.Equal(AlertDeliveryStatus.Sent, result.Status);
        Assert.Equal(1, result.Attempts);
        var (level, text) = Assert.Single(lines);
        Assert.Equal(AlertLevel.Exceeded, level);
        Assert.Equal("[EXCEEDED] spent a lot", text);
    }

    [Fact]
    public void A_failing_channel_becomes_a_failed_result_not_an_exception()
    {
        var broken = new FailingChannel();
        var result = new AlertDispatcher([broken], TimeProvider.System).Deliver(broken, Message(AlertLevel.Warning), default);
        Assert.Equal(AlertDeliveryStatus.Failed, result.Status);
        Assert.Equal("connection refused", result.Reason);
    }

    [Fact]
    public void Budget_alerts_recommend_an_action()
    {
        var status = new BudgetStatus { Budget = "daily", Level = AlertLevel.Exceeded };
        var message = AlertMessage.From(status);
        Assert.StartsWith("Action:", message.Action);
    }

    [Fact]
    public void An_exceeded_period_that_has_closed_recommends_a_review_not_throttling()
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var open = AlertMessage.From(new BudgetStatus { Budget = "m", Level = AlertLevel.Exceeded, PeriodStart = start, PeriodEnd = start.AddMonths(1), AsOf = start.AddDays(20) });
        var closed = AlertMessage.From(new BudgetStatus { Budget = "m", Level = AlertLevel.Exceeded, PeriodStart = start, PeriodEnd = start.AddMonths(1), AsOf = start.AddMonths(1).AddDays(2) });
        Assert.Contains("throttle", open.Action);
        Assert.Contains("review what drove the overspend", closed.Action);
    }
}
