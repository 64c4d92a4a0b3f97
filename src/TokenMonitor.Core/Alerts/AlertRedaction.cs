namespace TokenMonitor.Alerts;

/// <summary>
/// Keeps alert secrets out of everything a user or a log sees. A Slack, Teams or webhook URL is itself a credential
/// (whoever has it can post), so an address is shown as scheme and host only, and any text from a library (an
/// exception message) has every secret the channel holds taken out before it is shown or stored.
/// </summary>
public static class AlertRedaction
{
    public const string Mask = "…";

    /// <summary>https://hooks.slack.com/… : scheme, host and port, nothing of the path, query or user info.</summary>
    public static string Url(Uri uri) =>
        uri.IsAbsoluteUri ? $"{uri.Scheme}://{uri.Host}{(uri.IsDefaultPort ? "" : $":{uri.Port}")}/{Mask}" : Mask;

    /// <summary><paramref name="text"/> with each of <paramref name="secrets"/> replaced; longest first, so a URL goes before its parts.</summary>
    public static string Scrub(string? text, IEnumerable<string> secrets)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        foreach (var secret in secrets.Where(s => s.Length >= 4).Distinct().OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
            var escaped = Uri.EscapeDataString(secret);
            if (escaped != secret) text = text.Replace(escaped, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
