using System.Data.Common;
using System.Text.RegularExpressions;

namespace TokenMonitor.Store;

/// <summary>
/// Connection strings with their secrets masked, for every place one is shown: output, errors, verbose text,
/// ShouldProcess targets. <see cref="Scrub"/> also takes a secret's literal value out of any other text, such
/// as an engine's error message.
/// </summary>
public static partial class ConnectionStrings
{
    public const string Mask = "********";

    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "pwd", "sslpassword", "ssl password", "sslkey", "ssl key",
    };

    public static string Redact(string connectionString)
    {
        if (UriCredentials().IsMatch(connectionString)) return UriCredentials().Replace(connectionString, m => $"{m.Groups["user"].Value}:{Mask}@");
        try
        {
            _ = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            // Text that is not a connection string may still hold one's pieces: show none of it.
            return "(a connection string that could not be read)";
        }

        // Masks the values in place, so the rest reads as the user wrote it; a value the pattern misses is still
        // caught by Scrub, which takes every secret value the parser found out of the text.
        var masked = SecretPair().Replace(connectionString, m => $"{m.Groups["key"].Value}={Mask}");
        return Scrub(masked, connectionString, replaceWhole: false);
    }

    /// <summary><paramref name="text"/> with every secret value of <paramref name="connectionString"/> masked.</summary>
    public static string Scrub(string text, string connectionString) => Scrub(text, connectionString, replaceWhole: true);

    private static string Scrub(string text, string connectionString, bool replaceWhole)
    {
        foreach (var secret in Secrets(connectionString).Where(s => s.Length > 0).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
            var escaped = Uri.EscapeDataString(secret);
            if (escaped != secret) text = text.Replace(escaped, Mask, StringComparison.Ordinal);
        }

        return replaceWhole ? text.Replace(connectionString, Redact(connectionString), StringComparison.Ordinal) : text;
    }

    private static IEnumerable<string> Secrets(string connectionString)
    {
        if (UriCredentials().Match(connectionString) is { Success: true } uri)
        {
            yield return uri.Groups["password"].Value;
            yield return Uri.UnescapeDataString(uri.Groups["password"].Value);
            yield break;
        }

        DbConnectionStringBuilder builder;
        try
        {
            builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            yield break;
        }

        foreach (var key in builder.Keys.Cast<string>().Where(IsSecret)) yield return builder[key]?.ToString() ?? "";
    }

    private static bool IsSecret(string key) => SecretKeys.Contains(key.Trim());

    [GeneratedRegex(@"(?<=(?:^|;)\s*)(?<key>password|pwd|ssl\s*password|ssl\s*key)\s*=\s*(?:'(?:[^']|'')*'|""(?:[^""]|"""")*""|[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPair();

    [GeneratedRegex(@"(?<=^[a-zA-Z][a-zA-Z0-9+.-]*://)(?<user>[^:/@]*):(?<password>[^@/]*)@")]
    private static partial Regex UriCredentials();
}
