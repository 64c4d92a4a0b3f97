using System.Management.Automation;
using TokenMonitor.Store;

namespace TokenMonitor.Commands;

/// <summary>How the store cmdlets find and open the store: -ConnectionString, then TOKENMONITOR_STORE, then the data folder.</summary>
internal static class StoreConnections
{
    /// <summary>The location, with a relative SQLite path taken from PowerShell's current location, not the process's.</summary>
    public static StoreLocation Resolve(PSCmdlet cmdlet, string? connectionString)
    {
        try
        {
            return StoreLocation.Resolve(connectionString, path => cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path));
        }
        catch (StoreException ex)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.FromStore(ex, connectionString is null ? null : ConnectionStrings.Redact(connectionString)));
            throw;
        }
    }

    /// <summary>Opens the store; <paramref name="readOnly"/> for a cmdlet that only reads (see <see cref="UsageStore.Open(StoreLocation, bool)"/>).</summary>
    public static IUsageStore Open(PSCmdlet cmdlet, StoreLocation location, bool readOnly = false)
    {
        try
        {
            cmdlet.WriteVerbose($"Opening the {location.Engine} usage store {location.Display}{(readOnly ? " to read" : "")}.");
            return UsageStore.Open(location, readOnly);
        }
        catch (StoreException ex)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.FromStore(ex, location.Display));
            throw;
        }
    }

    /// <summary>A SQLite store that was never written: reading or removing from it must not create it.</summary>
    public static bool DoesNotExistYet(StoreLocation location) => location.Engine == StoreEngine.Sqlite && !File.Exists(location.SqlitePath);
}
