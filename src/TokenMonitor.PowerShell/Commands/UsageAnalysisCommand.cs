using System.Management.Automation;
using TokenMonitor.Pricing;
using TokenMonitor.Time;

namespace TokenMonitor.Commands;

/// <summary>
/// What the analysis cmdlets share: records bound by value, and the pricing Test-BudgetThreshold uses, so that a
/// record straight from Import-UsageLog is priced (without changing it) and an unknown model is warned about once
/// instead of counting as free.
/// </summary>
public abstract class UsageAnalysisCommand : PSCmdlet
{
    private PricingSession? _pricing;
    private long _implausible;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public UsageRecord? InputObject { get; set; }

    /// <summary>A pricing file whose entries win over the LiteLLM refresh and the embedded catalog, for records not yet priced.</summary>
    [Parameter]
    public string? PricingFile { get; set; }

    /// <summary>The catalog the records are priced from; loaded in BeginProcessing.</summary>
    protected PriceCatalog Catalog { get; private set; } = PriceCatalog.Embedded;

    protected CostCalculator Calculator { get; private set; } = null!;

    protected override void BeginProcessing()
    {
        Catalog = PricingCatalogs.Load(this, PricingFile);
        Calculator = new CostCalculator(Catalog, new PricingOptions());
        _pricing = new PricingSession(Calculator, remedy: "price such records upstream with Measure-TokenCost -FallbackModel");
    }

    protected sealed override void ProcessRecord()
    {
        if (InputObject is not { } record) return;

        // A hand-made record with no time (0001-01-01) would stretch every series and window across two millennia.
        if (!ModelCallTimes.IsPlausible(record.Timestamp))
        {
            if (_implausible++ == 0) WriteWarning($"A record dated {record.Timestamp:u} ({record.Model}, {record.SourceFile}:{record.SourceLine}) is left out: it has no plausible time, and any others like it are left out too.");
            return;
        }

        var (cost, warning) = _pricing!.CostOf(record);
        if (warning is not null) WriteWarning(warning);
        Add(record, cost);
    }

    /// <summary>One record and its cost (its own, or the one the catalog gives it).</summary>
    protected abstract void Add(UsageRecord record, TokenCost cost);

    /// <summary>A -TimeZone value as a zone; a bad id ends the command with InvalidTimeZone.</summary>
    protected TimeZoneInfo FindZone(string? id)
    {
        try
        {
            return TimeZones.Find(id);
        }
        catch (TimeZoneNotFoundException ex)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ex, "InvalidTimeZone", id));
            throw; // not reached: ThrowTerminatingError throws
        }
    }
}
