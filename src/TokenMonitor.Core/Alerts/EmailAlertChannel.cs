using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace TokenMonitor.Alerts;

/// <summary>
/// Sends an alert as a plain-text email with MailKit: STARTTLS (required, not opportunistic) or TLS from the start, or
/// no encryption when asked; the server certificate is checked by the platform and a bad one fails the send. Network
/// errors, timeouts and 4xx SMTP replies (temporary by RFC 5321) are retried with backoff; 5xx replies and failed
/// authentication are not, since sending again would be refused again.
/// </summary>
public sealed class EmailAlertChannel(AlertChannel definition) : IAlertChannel
{
    private readonly EmailSettings _email = definition.Email ?? throw new ArgumentException($"The channel '{definition.Name}' has no SMTP settings.", nameof(definition));

    public string Name => definition.Name;
    public AlertLevel MinimumLevel => definition.MinimumLevel;
    public string Target => definition.Target;
    public bool IsOnceOnly => true;
    public string StateKey => definition.StateKey;
    public IEnumerable<string> Secrets => definition.Secrets();
    public TimeSpan LongestSend => definition.Delivery.LongestSend;

    public ChannelDelivery Send(AlertMessage message, CancellationToken cancel)
    {
        var options = definition.Delivery;
        var attempts = 0;
        var builder = new ResiliencePipelineBuilder();
        // Polly refuses a retry strategy with no retries: with one attempt there is simply none.
        if (options.MaximumAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaximumAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaximumDelay,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            });
        }

        var pipeline = builder.AddTimeout(options.Timeout).Build();

        try
        {
            pipeline.Execute(token =>
            {
                attempts++;
                SendOnce(message, token);
            }, cancel);
            return new ChannelDelivery(true, attempts, null);
        }
        catch (TimeoutRejectedException)
        {
            return Failed(attempts, $"no answer from {Target} within {options.Timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            return Failed(attempts, Describe(ex));
        }
    }

    private void SendOnce(AlertMessage alert, CancellationToken cancel)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(_email.From));
        foreach (var to in _email.To) mail.To.Add(MailboxAddress.Parse(to));
        mail.Subject = alert.Title;
        mail.Headers.Add("X-TokenMonitor-Event", AlertPayloads.EventId(alert));
        mail.Body = new TextPart("plain") { Text = AlertPayloads.EmailBody(alert) };

        // No ServerCertificateValidationCallback: MailKit then defers to the platform's chain validation.
        using var client = new SmtpClient();
        var security = _email.Security switch
        {
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        client.Connect(_email.SmtpServer, _email.EffectivePort, security, cancel);
        if (_email.Credential is { } credential) client.Authenticate(credential, cancel);
        client.Send(mail, cancel);
        client.Disconnect(true, cancel);
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        TimeoutRejectedException => true,
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        SmtpProtocolException or ServiceNotConnectedException => true,
        SslHandshakeException or AuthenticationException => false,
        SocketException or IOException => true,
        _ => false,
    };

    private string Describe(Exception ex) => ex switch
    {
        SslHandshakeException => $"TLS error with {Target}: the server certificate was not accepted ({FirstLine(ex.Message)})",
        AuthenticationException => $"SMTP authentication failed at {Target}: {FirstLine(ex.Message)}",
        SmtpCommandException command => $"SMTP {(int)command.StatusCode} from {Target}: {FirstLine(ex.Message)}",
        NotSupportedException when _email.Security == SmtpSecurity.StartTls => $"{Target} does not offer STARTTLS: {FirstLine(ex.Message)}",
        _ => $"could not send through {Target}: {FirstLine(ex.Message)}",
    };

    // MailKit's handshake message runs to a paragraph of advice; the first line names the problem.
    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private ChannelDelivery Failed(int attempts, string reason) =>
        new(false, attempts, AlertRedaction.Scrub(reason, Secrets) + (attempts > 1 ? $" (after {attempts} attempts)" : ""));
}
