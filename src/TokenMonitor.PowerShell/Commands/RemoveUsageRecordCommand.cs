using System.Management.Automation;
using TokenMonitor.Store;

namespace TokenMonitor.Commands;

/// <summary>Deletes stored usage records timed before a moment; asks first, as deleting history cannot be undone.</summary>
[Cmdlet(VerbsCommon.Remove, "UsageRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveUsageRecordCommand : PSCmdlet
{
    /// <summary>Records timed before this moment are deleted.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public DateTimeOffset Before { get; set; }

    /// <summary>A SQLite file (path or Data Source=…) or a PostgreSQL connection string (Host=…); default $env:TOKENMONITOR_STORE, else usage.db in the data folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    protected override void EndProcessing()
    {
        var location = StoreConnections.Resolve(this, ConnectionString);
        if (StoreConnections.DoesNotExistYet(location))
        {
            WriteVerbose($"There is no usage store at {location.Display}; nothing to remove.");
            return;
        }

        using var store = StoreConnections.Open(this, location);
        try
        {
            var before = Before.ToUniversalTime();
            var count = store.Count(new UsageQuery { Until = before });
            if (!ShouldProcess(location.Display, $"Remove {count:N0} usage records timed before {before:yyyy-MM-dd HH:mm:ss} UTC")) return;
            var removed = store.RemoveBefore(before);
            WriteVerbose($"Removed {removed:N0} usage records timed before {before:u} from {location.Display}.");
        }
        catch (StoreException ex)
        {
            ThrowTerminatingError(ErrorRecords.FromStore(ex, location.Display));
        }
    }
}
