using System.Net;
using TokenMonitor.Alerts;
using TokenMonitor.Testing;

namespace TokenMonitor.Tests.Alerts;

/// <summary>The email channel against a real SMTP server (aiosmtpd) on loopback.</summary>
public sealed class EmailChannelTests
{
    private static readonly DeliveryOptions Fast = new() { Timeout = TimeSpan.FromSeconds(10), MaximumAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(20) };

    private static AlertMessage Message() => AlertMessage.From(HttpChannelTests.Status());

    private static AlertChannel Mail(int port, SmtpSecurity security, NetworkCredential? credential = null, string server = "127.0.0.1") =>
        AlertChannel.Mail(new EmailSettings
        {
            SmtpServer = server,
            Port = port,
            Security = security,
            From = "TokenMonitor <alerts@example.test>",
            To = ["finops@example.test", "lead@example.test"],
            Credential = credential,
        }, delivery: Fast);

    [Theory]
    [InlineData("smtp.example.com", true)]
    [InlineData("10.0.0.5", true)]
    [InlineData("localhost", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    public void A_password_never_travels_unencrypted_beyond_this_machine(string server, bool refused)
    {
        var credential = new System.Net.NetworkCredential("user", "s3cr3t");
        var make = () => AlertChannel.Mail(new EmailSettings
        {
            SmtpServer = server, Security = SmtpSecurity.None, From = "a@example.test", To = ["b@example.test"], Credential = credential,
        });
        if (refused)
        {
            var ex = Assert.Throws<ArgumentException>(make);
            Assert.Contains("would travel unencrypted", ex.Message);
            Assert.DoesNotContain("s3cr3t", ex.Message);
        }
        else
        {
            Assert.Equal(AlertChannelKind.Email, make().Kind);
        }
    }

    [SkippableFact]
    public void A_plain_SMTP_server_on_loopback_receives_the_alert_with_the_figures_and_the_action()
    {
        Skip.IfNot(SmtpTestServer.Available, SmtpTestServer.SkipReason);
        using var server = new SmtpTestServer();
        var delivery = new EmailAlertChannel(Mail(server.Port, SmtpSecurity.None)).Send(Message(), default);

        Assert.True(delivery.Delivered, delivery.Reason);
        Assert.Equal(1, delivery.Attempts);
        var mail = Assert.Single(server.Messages());
        Assert.Contains("Subject: [CRITICAL] TokenMonitor budget 'team' (monthly)", mail);
        Assert.Contains("To: finops@example.test, lead@example.test", mail);
        Assert.Contains("$182.40 of $200.00 spent (91.2%)", mail);
        Assert.Contains("Forecast: $240.10 (over the limit)", mail);
        Assert.Contains("Action: review the largest sessions", mail);
        Assert.Contains("X-TokenMonitor-Event: ", mail);
    }

    [SkippableFact]
    public void STARTTLS_with_a_certificate_nobody_trusts_fails_and_is_not_retried()
    {
        Skip.IfNot(SmtpTestServer.Available, SmtpTestServer.SkipReason);
        using var folder = new TempFolder();
        using var certificate = SelfSigned.Create("localhost");
        using var server = new SmtpTestServer(SelfSigned.WritePem(certificate, folder.Path));
        var delivery = new EmailAlertChannel(Mail(server.Port, SmtpSecurity.StartTls, server: "localhost")).Send(Message(), default);

        Assert.False(delivery.Delivered);
        Assert.Equal(1, delivery.Attempts);
        Assert.Contains("TLS error", delivery.Reason);
        Assert.Empty(server.Messages());
    }

    [SkippableFact]
    public void STARTTLS_required_from_a_server_that_does_not_offer_it_fails()
    {
        Skip.IfNot(SmtpTestServer.Available, SmtpTestServer.SkipReason);
        using var server = new SmtpTestServer();
        var delivery = new EmailAlertChannel(Mail(server.Port, SmtpSecurity.StartTls)).Send(Message(), default);
        Assert.False(delivery.Delivered);
        Assert.Contains("STARTTLS", delivery.Reason);
        Assert.Empty(server.Messages());
    }

    [SkippableFact]
    public void The_password_never_appears_in_a_failure()
    {
        Skip.IfNot(SmtpTestServer.Available, SmtpTestServer.SkipReason);
        using var server = new SmtpTestServer();
        const string password = "Sm7p-Pa55word-Never";
        var channel = Mail(server.Port, SmtpSecurity.None, new NetworkCredential("alerts", password));
        var delivery = new EmailAlertChannel(channel).Send(Message(), default);
        // aiosmtpd offers no AUTH, so authenticating fails; what matters is what the failure says.
        Assert.False(delivery.Delivered);
        Assert.DoesNotContain(password, delivery.Reason + channel + channel.Target);
    }

    [Fact]
    public void Nobody_listening_is_a_failure_after_the_retries_naming_the_server()
    {
        var delivery = new EmailAlertChannel(Mail(9, SmtpSecurity.None)).Send(Message(), default);
        Assert.False(delivery.Delivered);
        Assert.Equal(2, delivery.Attempts);
        Assert.Contains("127.0.0.1:9", delivery.Reason);
    }
}
