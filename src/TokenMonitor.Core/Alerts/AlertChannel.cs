using System.Net;

namespace TokenMonitor.Alerts;

public enum AlertChannelKind
{
    Console,
    Slack,
    Teams,
    Webhook,
    Email,
    File,
}

/// <summary>How the SMTP connection is protected. There is no "encrypt but accept any certificate" choice.</summary>
public enum SmtpSecurity
{
    /// <summary>Connect in plain text, then upgrade with STARTTLS; the server must offer it (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, port 465).</summary>
    Tls,

    /// <summary>No encryption: only for a relay on this machine or a test server.</summary>
    None,
}

/// <summary>How hard a network channel tries before it reports a failure.</summary>
public sealed record DeliveryOptions
{
    /// <summary>The time one attempt may take (connect, send, answer).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts in all, the first included.</summary>
    public int MaximumAttempts { get; init; } = 4;

    /// <summary>The first backoff; each retry doubles it, with jitter, up to <see cref="MaximumDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaximumDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest Retry-After a 429 or 503 answer may ask for and still be waited out in this run; a longer one
    /// fails the send now and the next run tries again, so a scheduled script is never held for an hour.
    /// </summary>
    public TimeSpan MaximumRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Every attempt timing out, with the longest wait between each.</summary>
    public TimeSpan LongestSend =>
        Timeout * MaximumAttempts + (MaximumDelay > MaximumRetryAfter ? MaximumDelay : MaximumRetryAfter) * Math.Max(0, MaximumAttempts - 1);
}

/// <summary>SMTP settings of an email channel; the password travels as a NetworkCredential, never as text.</summary>
public sealed record EmailSettings
{
    public required string SmtpServer { get; init; }
    public int Port { get; init; }
    public SmtpSecurity Security { get; init; } = SmtpSecurity.StartTls;
    public required string From { get; init; }
    public required IReadOnlyList<string> To { get; init; }
    public NetworkCredential? Credential { get; init; }

    /// <summary>The port for the security mode when none was given: 587 for STARTTLS, 465 for TLS, 25 for none.</summary>
    public int EffectivePort => Port > 0 ? Port : Security switch
    {
        SmtpSecurity.Tls => 465,
        SmtpSecurity.None => 25,
        _ => 587,
    };
}

/// <summary>
/// Where alerts go: a named channel of one kind with its own minimum level. This is the object New-AlertChannel writes
/// and Send-UsageAlert -Channel takes. Its public properties are safe to print: the address shows scheme and host only,
/// and the URL, signing secret and password are kept in internal members that PowerShell does not show.
/// </summary>
public sealed class AlertChannel
{
    private AlertChannel(string name, AlertChannelKind kind, AlertLevel minimumLevel, string target)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A channel needs a name.", nameof(name));
        Name = name;
        Kind = kind;
        MinimumLevel = minimumLevel;
        Target = target;
    }

    public string Name { get; }
    public AlertChannelKind Kind { get; }
    public AlertLevel MinimumLevel { get; }

    /// <summary>Where the channel delivers, redacted: https://hooks.slack.com/…, smtp.example.com:587, a file path.</summary>
    public string Target { get; }

    /// <summary>A generic webhook that signs its requests with HMAC-SHA256.</summary>
    public bool Signed => Secret is not null;

    public DeliveryOptions Delivery { get; private init; } = new();

    /// <summary>Whether its alerts go through the once-only policy of the store. The console shows every run's state.</summary>
    public bool IsOnceOnly => Kind != AlertChannelKind.Console;

    internal Uri? Uri { get; private init; }
    internal string? Secret { get; private init; }
    internal EmailSettings? Email { get; private init; }
    internal string? FilePath { get; private init; }

    /// <summary>Every secret this channel holds, for scrubbing them out of any text that reaches the user.</summary>
    internal IEnumerable<string> Secrets()
    {
        if (Uri is not null)
        {
            yield return Uri.OriginalString;
            yield return Uri.AbsoluteUri;
            if (Uri.PathAndQuery.Length > 1) yield return Uri.PathAndQuery;
            // A token segment on its own (a library may quote part of a path); plain words such as "services" or
            // "workflows" are left alone, since scrubbing them would mangle messages and hide nothing.
            foreach (var segment in Uri.Segments.Select(s => s.Trim('/')).Where(s => s.Length >= 8 && (s.Any(char.IsDigit) || s.Length >= 20))) yield return segment;
            if (Uri.Query.Length > 1) yield return Uri.Query.TrimStart('?');
        }

        if (Secret is not null) yield return Secret;
        if (Email?.Credential is { Password: { Length: > 0 } password }) yield return password;
    }

    /// <summary>The name and a short SHA-256 digest of the unredacted destination; see <see cref="IAlertChannel.StateKey"/>.</summary>
    internal string StateKey
    {
        get
        {
            var destination = Uri?.AbsoluteUri ?? FilePath
                ?? (Email is { } e ? $"{e.SmtpServer}:{e.EffectivePort}:{string.Join(",", e.To.Order(StringComparer.OrdinalIgnoreCase))}" : Kind.ToString());
            var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{Kind}|{destination}"));
            return $"{Name}#{Convert.ToHexString(digest, 0, 6).ToLowerInvariant()}";
        }
    }

    public override string ToString() => $"{Name} ({Kind}, {Target})";

    public static AlertChannel Console(string? name = null, AlertLevel minimumLevel = AlertLevel.Warning) =>
        new(name ?? "Console", AlertChannelKind.Console, minimumLevel, "host");

    public static AlertChannel Slack(Uri uri, string? name = null, AlertLevel minimumLevel = AlertLevel.Warning, DeliveryOptions? delivery = null) =>
        Http(AlertChannelKind.Slack, uri, name, minimumLevel, delivery, null);

    public static AlertChannel Teams(Uri uri, string? name = null, AlertLevel minimumLevel = AlertLevel.Warning, DeliveryOptions? delivery = null) =>
        Http(AlertChannelKind.Teams, uri, name, minimumLevel, delivery, null);

    public static AlertChannel Webhook(Uri uri, string? secret = null, string? name = null, AlertLevel minimumLevel = AlertLevel.Warning,
        DeliveryOptions? delivery = null)
    {
        if (secret is { Length: 0 }) throw new ArgumentException("The signing secret is empty.", nameof(secret));
        return Http(AlertChannelKind.Webhook, uri, name, minimumLevel, delivery, secret);
    }

    /// <summary>
    /// MimeKit's verdict as an ArgumentException: the cmdlet layer lives in PowerShell's default load context and must
    /// not name a type of the module's own (MimeKit loads there), so no MimeKit exception may travel out of the engine.
    /// </summary>
    private static void CheckAddress(string address, string field)
    {
        if (!MimeKit.MailboxAddress.TryParse(address, out _))
        {
            throw new ArgumentException($"{field}: '{address}' is not a valid email address.", field);
        }
    }

    public static AlertChannel Mail(EmailSettings email, string? name = null, AlertLevel minimumLevel = AlertLevel.Warning, DeliveryOptions? delivery = null)
    {
        if (string.IsNullOrWhiteSpace(email.SmtpServer)) throw new ArgumentException("The SMTP server is empty.", nameof(email));
        if (email.To.Count == 0) throw new ArgumentException("An email channel needs at least one recipient.", nameof(email));
        CheckAddress(email.From, "From");
        foreach (var to in email.To) CheckAddress(to, "To");

        // Without TLS the login travels in clear text, as http:// would carry a webhook's token: only to this machine.
        if (email.Security == SmtpSecurity.None && email.Credential is not null && !IsThisMachine(email.SmtpServer))
        {
            throw new ArgumentException($"A password for {email.SmtpServer} would travel unencrypted with SmtpSecurity None: use StartTls or Tls, or a relay on this machine.", nameof(email));
        }
        return new AlertChannel(name ?? "Email", AlertChannelKind.Email, minimumLevel, $"{email.SmtpServer}:{email.EffectivePort} ({email.Security})")
        {
            Email = email,
            Delivery = delivery ?? new DeliveryOptions(),
        };
    }

    private static bool IsThisMachine(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip);

    /// <summary>A JSON Lines file: one alert per line, appended; <paramref name="path"/> must be absolute.</summary>
    public static AlertChannel File(string path, string? name = null, AlertLevel minimumLevel = AlertLevel.Warning)
    {
        if (!Path.IsPathFullyQualified(path)) throw new ArgumentException($"The alert file path '{path}' is not absolute.", nameof(path));
        return new AlertChannel(name ?? "File", AlertChannelKind.File, minimumLevel, path) { FilePath = path };
    }

    private static AlertChannel Http(AlertChannelKind kind, Uri uri, string? name, AlertLevel minimumLevel, DeliveryOptions? delivery, string? secret)
    {
        if (!uri.IsAbsoluteUri) throw new ArgumentException($"The {kind} address must be an absolute https:// URL.", nameof(uri));
        // Plain http would carry the URL's token, and the alert, in clear text: allowed only to this machine.
        var plainAllowed = uri.Scheme == System.Uri.UriSchemeHttp && uri.IsLoopback;
        if (uri.Scheme != System.Uri.UriSchemeHttps && !plainAllowed)
        {
            throw new ArgumentException($"The {kind} address {AlertRedaction.Url(uri)} must use https:// (http:// is accepted only for localhost).", nameof(uri));
        }

        return new AlertChannel(name ?? kind.ToString(), kind, minimumLevel, AlertRedaction.Url(uri))
        {
            Uri = uri,
            Secret = secret,
            Delivery = delivery ?? new DeliveryOptions(),
        };
    }
}
