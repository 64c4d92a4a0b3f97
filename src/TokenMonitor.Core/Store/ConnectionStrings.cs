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
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            var secrets = builder.Keys.Cast<string>().Where(IsSecret).ToList();
            if (secrets.Count == 0) return connectionString;
            foreach (var key in secrets) builder[key] = Mask;
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            // Text that is not a connection string may still hold one's pieces: show none of it.
            return "(a connection string that could not be read)";
        }
    }

    /// <summary><paramref name="text"/> with every secret value of <paramref name="connectionString"/> masked.</summary>
    public static string Scrub(string text, string connectionString)
    {
        foreach (var secret in Secrets(connectionString).Where(s => s.Length > 0).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
            var escaped = Uri.EscapeDataString(secret);
            if (escaped != secret) text = text.Replace(escaped, Mask, StringComparison.Ordinal);
        }

        return text.Replace(connectionString, Redact(connectionString), StringComparison.Ordinal);
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

    [GeneratedRegex(@"(?<=^[a-zA-Z][a-zA-Z0-9+.-]*://)(?<user>[^:/@]*):(?<password>[^@/]*)@")]
    private static partial Regex UriCredentials();
}
