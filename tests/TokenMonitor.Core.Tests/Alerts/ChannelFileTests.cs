using System.Text;
using TokenMonitor.Alerts;

namespace TokenMonitor.Tests.Alerts;

public class ChannelFileTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["HOOK_URL"] = "https://hooks.slack.com/services/T1/B2/Tok3nValue",
        ["HOOK_SECRET"] = "whsec_file_secret",
        ["SMTP_PASSWORD"] = "Sm7pFilePassword",
    };

    private static IReadOnlyList<AlertChannel> Parse(string json, string source = "/etc/tm/budgets.json") =>
        ChannelFile.Parse(Encoding.UTF8.GetBytes(json), source, name => Environment.GetValueOrDefault(name));

    [Fact]
    public void Every_kind_reads_with_secrets_from_the_environment()
    {
        var channels = Parse("""
            { "budgets": [], "channels": [
              { "name": "slack", "type": "Slack", "urlVariable": "HOOK_URL", "minimumLevel": "critical", "timeoutSec": 5, "maximumRetryCount": 0 },
              { "name": "hook", "type": "webhook", "urlVariable": "HOOK_URL", "secretVariable": "HOOK_SECRET" },
              { "name": "mail", "type": "email", "smtpServer": "smtp.example.com", "security": "Tls", "from": "a@example.com",
                "to": ["b@example.com", "c@example.com"], "userName": "a@example.com", "passwordVariable": "SMTP_PASSWORD" },
              { "name": "audit", "type": "file", "path": "logs/alerts.jsonl" },
              { "name": "screen", "type": "console", "minimumLevel": "Info" }
            ] }
            """);

        Assert.Equal(["slack", "hook", "mail", "audit", "screen"], channels.Select(c => c.Name));
        Assert.Equal(AlertLevel.Critical, channels[0].MinimumLevel);
        Assert.Equal(1, channels[0].Delivery.MaximumAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), channels[0].Delivery.Timeout);
        Assert.Equal("https://hooks.slack.com/…", channels[0].Target);
        Assert.True(channels[1].Signed);
        Assert.Equal("smtp.example.com:465 (Tls)", channels[2].Target);
        Assert.Equal("/etc/tm/logs/alerts.jsonl", channels[3].Target);
        Assert.Equal(AlertChannelKind.Console, channels[4].Kind);
    }

    [Fact]
    public void A_file_without_channels_has_none()
    {
        Assert.Empty(Parse("""{ "budgets": [] }"""));
        Assert.Empty(Parse("""[ { "name": "a", "amount": 1 } ]"""));
    }

    [Fact]
    public void Every_mistake_is_listed_by_file_channel_and_field_and_no_secret_is_shown()
    {
        var error = Assert.Throws<ChannelFileException>(() => Parse("""
            { "channels": [
              { "name": "a", "type": "slack", "url": "not a url Tok3nInline" },
              { "name": "b", "type": "webhook", "urlVariable": "MISSING_VARIABLE", "timeoutSec": 0 },
              { "name": "c", "type": "email", "smtpServer": "h", "from": "not an address", "to": "x@example.com" },
              { "name": "c", "type": "console", "colour": "red" },
              { "type": "file" }
            ] }
            """));
        var problems = error.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains("/etc/tm/budgets.json: channel 'a': the address is not an absolute URL (its text is not shown: it may hold a token)", problems);
        Assert.Contains("/etc/tm/budgets.json: channel 'b': 'urlVariable': the environment variable 'MISSING_VARIABLE' is not set", problems);
        Assert.Contains("/etc/tm/budgets.json: channel 'b': 'timeoutSec': must be a whole number from 1 to 600", problems);
        Assert.Contains("/etc/tm/budgets.json: channel 'c': 'from/to': not a valid email address", problems);
        Assert.Contains("/etc/tm/budgets.json: channel 'c': 'colour': unknown field", problems);
        Assert.Contains("/etc/tm/budgets.json: channel '#5': a file channel needs 'path'", problems);
        Assert.DoesNotContain("Tok3nInline", error.Message);
    }

    [Fact]
    public void A_user_name_without_a_password_variable_is_a_mistake()
    {
        var ex = Assert.Throws<ChannelFileException>(() => Parse("""
            { "channels": [ { "name": "mail", "type": "email", "smtpServer": "smtp.example.com", "from": "a@example.test", "to": "b@example.test", "userName": "alerts" } ] }
            """));
        Assert.Contains("channel 'mail'", ex.Message);
        Assert.Contains("'userName' needs 'passwordVariable'", ex.Message);
    }

    [Fact]
    public void Two_channels_with_one_name_are_a_mistake()
    {
        var error = Assert.Throws<ChannelFileException>(() => Parse("""{ "channels": [ { "name": "x", "type": "console" }, { "name": "X", "type": "console" } ] }"""));
        Assert.Equal("/etc/tm/budgets.json: channel 'x': 'name': two channels have this name; names must be unique", Assert.Single(error.Problems).ToString());
    }

    [Fact]
    public void A_claim_outlives_the_slowest_send_the_channel_allows()
    {
        var slow = new HttpAlertChannel(AlertChannel.Webhook(new Uri("https://example.com/h"),
            delivery: new DeliveryOptions { Timeout = TimeSpan.FromMinutes(10), MaximumAttempts = 10 }));
        var policy = new OnceOnlyAlerts(_ => null, TimeProvider.System);
        Assert.True(policy.LeaseFor(slow) > TimeSpan.FromMinutes(100));
        Assert.Equal(TimeSpan.FromMinutes(15), policy.LeaseFor(new HttpAlertChannel(AlertChannel.Webhook(new Uri("https://example.com/h")))));
    }
}
