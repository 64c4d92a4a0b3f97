using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
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

    // Names whose value is a secret for one of the engines: Npgsql's Password with its synonyms PSW and PWD,
    // SSL Password and SSL Key (each also under its property name), and Microsoft.Data.Sqlite's Password. Any
    // other name is also asked of Npgsql itself (IsSecret), so a synonym a later Npgsql adds is masked too.
    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "psw", "pwd", "sslpassword", "ssl password", "sslkey", "ssl key",
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
        var anySecret = false;
        var masked = Pair().Replace(connectionString, m =>
        {
            if (!IsSecret(m.Groups["key"].Value)) return m.Value;
            anySecret = true;
            return $"{m.Groups["key"].Value}={Mask}";
        });

        // A password with an unquoted ';' reads as a password and more keys: when the engine's own parser rejects
        // the string, what follows a secret may be the rest of it, so none of that is shown.
        if (anySecret && !EngineAccepts(connectionString))
        {
            var cut = masked.IndexOf(Mask, StringComparison.Ordinal);
            masked = masked[..(cut + Mask.Length)] + (cut + Mask.Length < masked.Length ? ";…" : "");
        }

        return Scrub(masked, connectionString, replaceWhole: false);
    }

    /// <summary>
    /// Why the engine's parser rejects <paramref name="connectionString"/>, naming at most a key, never a value, and
    /// not even a key when it follows a secret (it may be the tail of a password holding an unquoted ';'). The
    /// parser's own message quotes what it could not read, so it is never shown.
    /// </summary>
    public static string DescribeInvalid(string connectionString, bool postgres)
    {
        DbConnectionStringBuilder pairs;
        try
        {
            pairs = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            return "it is not a list of key=value pairs (quote a value that holds ';', '=' or quotes)";
        }

        var afterSecret = false;
        foreach (var key in pairs.Keys.Cast<string>())
        {
            if (IsSecret(key))
            {
                afterSecret = true;
                continue;
            }

            if (Accepts(postgres, key, pairs[key]?.ToString() ?? "")) continue;
            if (afterSecret) return "an option after the password is not valid (if the password holds ';', quote it: Password='…')";
            return Accepts(postgres, key, null) ? $"the value of '{key.Trim()}' is not valid" : $"'{key.Trim()}' is not an option {(postgres ? "Npgsql" : "Microsoft.Data.Sqlite")} knows";
        }

        return "an option is not valid";
    }

    private static bool Accepts(bool postgres, string key, string? value)
    {
        try
        {
            DbConnectionStringBuilder builder = postgres ? new NpgsqlConnectionStringBuilder() : new SqliteConnectionStringBuilder();
            if (value is null) return builder.ContainsKey(key);
            builder[key] = value;
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
        {
            return false;
        }
    }

    private static bool EngineAccepts(string connectionString)
    {
        try
        {
            var keys = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>().Select(k => k.Trim());
            if (keys.Any(k => k.Equals("host", StringComparison.OrdinalIgnoreCase) || k.Equals("server", StringComparison.OrdinalIgnoreCase)))
            {
                _ = new NpgsqlConnectionStringBuilder(connectionString);
            }
            else
            {
                _ = new SqliteConnectionStringBuilder(connectionString);
            }

            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
        {
            return false;
        }
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

    /// <summary>Whether <paramref name="key"/> names a secret: a known name, or one Npgsql maps to a password or key.</summary>
    internal static bool IsSecret(string key)
    {
        key = key.Trim();
        if (SecretKeys.Contains(key)) return true;
        const string probe = "\u0001probe";
        try
        {
            var builder = new NpgsqlConnectionStringBuilder { [key] = probe };
            return builder.Password == probe || builder.SslPassword == probe || builder.SslKey == probe;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"(?<=(?:^|;)\s*)(?<key>[^=;]+?)\s*=\s*(?:'(?:[^']|'')*'|""(?:[^""]|"""")*""|[^;]*)")]
    private static partial Regex Pair();

    [GeneratedRegex(@"(?<=^[a-zA-Z][a-zA-Z0-9+.-]*://)(?<user>[^:/@]*):(?<password>[^@/]*)@")]
    private static partial Regex UriCredentials();
}
