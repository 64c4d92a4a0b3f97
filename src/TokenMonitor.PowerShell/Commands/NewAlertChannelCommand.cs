using System.Management.Automation;
using TokenMonitor.Alerts;

namespace TokenMonitor.Commands;

/// <summary>
/// Creates an alert channel for Send-UsageAlert -Channel: Slack, Teams, a generic webhook, email over SMTP, a JSON
/// Lines file, or the console, each with its own name and minimum level. Addresses are taken as text and parsed here,
/// so a mistyped URL is never echoed back in a binding error.
/// </summary>
[Cmdlet(VerbsCommon.New, "AlertChannel", DefaultParameterSetName = ConsoleSet)]
[OutputType(typeof(AlertChannel))]
public sealed class NewAlertChannelCommand : PSCmdlet
{
    private const string ConsoleSet = "Console";
    private const string SlackSet = "Slack";
    private const string TeamsSet = "Teams";
    private const string WebhookSet = "Webhook";
    private const string EmailSet = "Email";
    private const string FileSet = "File";

    [Parameter(ParameterSetName = ConsoleSet)]
    public SwitchParameter Console { get; set; }

    /// <summary>A Slack incoming webhook URL (https://hooks.slack.com/services/…).</summary>
    [Parameter(ParameterSetName = SlackSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? Slack { get; set; }

    /// <summary>A Teams Workflows webhook URL ("When a Teams webhook request is received").</summary>
    [Parameter(ParameterSetName = TeamsSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? Teams { get; set; }

    /// <summary>Any HTTPS endpoint that takes the documented JSON body.</summary>
    [Parameter(ParameterSetName = WebhookSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? Webhook { get; set; }

    /// <summary>The shared secret that signs webhook requests (HMAC-SHA256 over timestamp + "." + body).</summary>
    [Parameter(ParameterSetName = WebhookSet)]
    [ValidateNotNullOrEmpty]
    public string? Secret { get; set; }

    [Parameter(ParameterSetName = EmailSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? SmtpServer { get; set; }

    [Parameter(ParameterSetName = EmailSet)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; }

    [Parameter(ParameterSetName = EmailSet)]
    public SmtpSecurity SmtpSecurity { get; set; } = SmtpSecurity.StartTls;

    [Parameter(ParameterSetName = EmailSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? From { get; set; }

    [Parameter(ParameterSetName = EmailSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string[] To { get; set; } = [];

    [Parameter(ParameterSetName = EmailSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>A JSON Lines file that gets one line per alert.</summary>
    [Parameter(ParameterSetName = FileSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The channel's name in results, the store's once-only state and -WhatIf text; the kind by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    public AlertLevel MinimumLevel { get; set; } = AlertLevel.Warning;

    /// <summary>Seconds one attempt may take.</summary>
    [Parameter(ParameterSetName = SlackSet)]
    [Parameter(ParameterSetName = TeamsSet)]
    [Parameter(ParameterSetName = WebhookSet)]
    [Parameter(ParameterSetName = EmailSet)]
    [ValidateRange(1, 600)]
    public int TimeoutSec { get; set; } = 30;

    /// <summary>Retries after the first attempt (as Invoke-RestMethod's -MaximumRetryCount).</summary>
    [Parameter(ParameterSetName = SlackSet)]
    [Parameter(ParameterSetName = TeamsSet)]
    [Parameter(ParameterSetName = WebhookSet)]
    [Parameter(ParameterSetName = EmailSet)]
    [ValidateRange(0, 9)]
    public int MaximumRetryCount { get; set; } = 3;

    /// <summary>Seconds before the first retry; each later one doubles, with jitter (a server's Retry-After wins).</summary>
    [Parameter(ParameterSetName = SlackSet)]
    [Parameter(ParameterSetName = TeamsSet)]
    [Parameter(ParameterSetName = WebhookSet)]
    [Parameter(ParameterSetName = EmailSet)]
    [ValidateRange(0.0, 300.0)]
    public double RetryIntervalSec { get; set; } = 1;

    protected override void EndProcessing()
    {
        var delivery = new DeliveryOptions
        {
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            MaximumAttempts = MaximumRetryCount + 1,
            RetryDelay = TimeSpan.FromSeconds(RetryIntervalSec),
        };
        try
        {
            WriteObject(ParameterSetName switch
            {
                SlackSet => AlertChannel.Slack(Address(Slack!), Name, MinimumLevel, delivery),
                TeamsSet => AlertChannel.Teams(Address(Teams!), Name, MinimumLevel, delivery),
                WebhookSet => AlertChannel.Webhook(Address(Webhook!), Secret, Name, MinimumLevel, delivery),
                EmailSet => AlertChannel.Mail(new EmailSettings
                {
                    SmtpServer = SmtpServer!,
                    Port = Port,
                    Security = SmtpSecurity,
                    From = From!,
                    To = To,
                    Credential = Credential?.GetNetworkCredential(),
                }, Name, MinimumLevel, delivery),
                FileSet => AlertChannel.File(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path!), Name, MinimumLevel),
                _ => AlertChannel.Console(Name, MinimumLevel),
            });
        }
        catch (Exception ex) when (ex is ArgumentException or ItemNotFoundException or NotSupportedException)
        {
            ThrowTerminatingError(ErrorRecords.InvalidAlertChannel(ex, Name ?? ParameterSetName));
        }
    }

    /// <summary>The URL parsed; the error for a bad one names the parameter, never the text, which may hold a token.</summary>
    private Uri Address(string text) => Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
        ? uri
        : throw new ArgumentException($"The -{ParameterSetName} address is not an absolute URL (its text is not shown: it may hold a token).");
}
