using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using TokenMonitor.Pricing;

namespace TokenMonitor.Store;

/// <summary>
/// Which store to open: a connection string given, else <c>$env:TOKENMONITOR_STORE</c>, else <c>usage.db</c> in the
/// data folder. <c>Host=…</c> (or a <c>postgres://</c> address) is PostgreSQL; <c>Data Source=…</c> or a plain path is SQLite.
/// </summary>
public sealed class StoreLocation
{
    public const string EnvironmentVariable = "TOKENMONITOR_STORE";
    public const string DefaultFileName = "usage.db";

    private StoreLocation(StoreEngine engine, string connectionString, string? sqlitePath)
    {
        Engine = engine;
        ConnectionString = connectionString;
        SqlitePath = sqlitePath;
    }

    public StoreEngine Engine { get; }

    /// <summary>The full connection string, secrets included: never print it, print <see cref="Display"/>.</summary>
    public string ConnectionString { get; }

    /// <summary>The database file, for SQLite.</summary>
    public string? SqlitePath { get; }

    public string Display => Engine == StoreEngine.Sqlite ? SqlitePath! : ConnectionStrings.Redact(ConnectionString);

    public static string DefaultPath => Path.Combine(PricingSources.DataFolder, DefaultFileName);

    public override string ToString() => Display;

    /// <summary>
    /// The store named by <paramref name="connectionString"/>, the environment or the default. A relative SQLite path
    /// is made absolute by <paramref name="resolvePath"/> (the cmdlets pass PowerShell's current location).
    /// </summary>
    public static StoreLocation Resolve(string? connectionString, Func<string, string>? resolvePath = null)
    {
        var text = connectionString is { Length: > 0 } ? connectionString
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : DefaultPath;
        return Parse(text.Trim(), resolvePath ?? Path.GetFullPath);
    }

    private static StoreLocation Parse(string text, Func<string, string> resolvePath)
    {
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new StoreLocation(StoreEngine.PostgreSql, FromUri(text), null);
        }

        if (text.Contains('=') && TryKeys(text) is { } keys)
        {
            if (keys.Any(k => k is "host" or "server")) return Postgres(text);
            if (keys.Any(k => k is "data source" or "datasource" or "filename"))
            {
                SqliteConnectionStringBuilder builder;
                try
                {
                    builder = new SqliteConnectionStringBuilder(text);
                }
                catch (ArgumentException)
                {
                    throw new StoreException($"The SQLite connection string '{ConnectionStrings.Redact(text)}' is not valid: {ConnectionStrings.DescribeInvalid(text, postgres: false)}.", StoreFailure.Open);
                }

                var path = resolvePath(builder.DataSource);
                builder.DataSource = path;
                return new StoreLocation(StoreEngine.Sqlite, builder.ConnectionString, path);
            }
        }

        var file = resolvePath(text);
        return new StoreLocation(StoreEngine.Sqlite, new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString, file);
    }

    private static StoreLocation Postgres(string text)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
        {
            // Npgsql's message quotes what it could not set, which may be the tail of a password: never shown.
            throw new StoreException($"The PostgreSQL connection string '{ConnectionStrings.Redact(text)}' is not valid: {ConnectionStrings.DescribeInvalid(text, postgres: true)}.", StoreFailure.Open);
        }

        return new StoreLocation(StoreEngine.PostgreSql, text, null);
    }

    private static List<string>? TryKeys(string text)
    {
        try
        {
            return new DbConnectionStringBuilder { ConnectionString = text }.Keys.Cast<string>().Select(k => k.Trim().ToLowerInvariant()).ToList();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>postgres://user:password@host:port/database?sslmode=require as Npgsql's key=value form.</summary>
    private static string FromUri(string text)
    {
        Uri uri;
        try
        {
            uri = new Uri(text);
        }
        catch (UriFormatException)
        {
            throw new StoreException($"The PostgreSQL address '{ConnectionStrings.Redact(text)}' is not valid.", StoreFailure.Open);
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0) builder.Port = uri.Port;
        var credentials = uri.UserInfo.Split(':', 2);
        if (credentials[0].Length > 0) builder.Username = Uri.UnescapeDataString(credentials[0]);
        if (credentials.Length > 1) builder.Password = Uri.UnescapeDataString(credentials[1]);
        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0) builder.Database = Uri.UnescapeDataString(database);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(parts[0]);
            try
            {
                builder[key == "sslmode" ? "SSL Mode" : key] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
            }
            catch (ArgumentException)
            {
                throw new StoreException($"The PostgreSQL address '{ConnectionStrings.Redact(text)}' has an option Npgsql does not know: '{key}'.", StoreFailure.Open);
            }
        }

        return builder.ConnectionString;
    }
}
