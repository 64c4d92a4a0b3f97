using System.Management.Automation;
using TokenMonitor.Store;

namespace TokenMonitor.Commands;

/// <summary>Reads usage records back from the usage store, in time order, as UsageRecord objects.</summary>
[Cmdlet(VerbsCommon.Get, "UsageRecord")]
[OutputType(typeof(UsageRecord))]
public sealed class GetUsageRecordCommand : PSCmdlet
{
    /// <summary>Only records at or after this moment.</summary>
    [Parameter(Position = 0)]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Only records before this moment.</summary>
    [Parameter]
    public DateTimeOffset? Until { get; set; }

    [Parameter]
    [SupportsWildcards]
    public string[] Model { get; set; } = [];

    [Parameter]
    [SupportsWildcards]
    public string[] Provider { get; set; } = [];

    [Parameter]
    [SupportsWildcards]
    public string[] Project { get; set; } = [];

    [Parameter]
    [SupportsWildcards]
    public string[] User { get; set; } = [];

    [Parameter]
    [SupportsWildcards]
    public string[] Service { get; set; } = [];

    [Parameter]
    [SupportsWildcards]
    public string[] Job { get; set; } = [];

    [Parameter]
    [SupportsWildcards]
    public string[] Tag { get; set; } = [];

    /// <summary>A SQLite file (path or Data Source=…) or a PostgreSQL connection string (Host=…); default $env:TOKENMONITOR_STORE, else usage.db in the data folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    protected override void EndProcessing()
    {
        var location = StoreConnections.Resolve(this, ConnectionString);
        if (StoreConnections.DoesNotExistYet(location))
        {
            WriteWarning($"There is no usage store at {location.Display} yet; Save-UsageRecord creates it.");
            return;
        }

        // Read-only: a user who may read a shared usage.db but not write it (or its folder) can still query it.
        using var store = StoreConnections.Open(this, location, readOnly: true);
        var query = new UsageQuery
        {
            Since = Since,
            Until = Until,
            Model = Model,
            Provider = Provider,
            Project = Project,
            User = User,
            Service = Service,
            Job = Job,
            Tag = Tag,
        };
        long count = 0;
        try
        {
            foreach (var record in store.Query(query))
            {
                WriteObject(record);
                count++;
            }
        }
        catch (StoreException ex)
        {
            ThrowTerminatingError(ErrorRecords.FromStore(ex, location.Display, ErrorCategory.ReadError));
        }

        WriteVerbose($"Read {count:N0} records from {location.Display}.");
    }
}
