using System.Management.Automation;
using TokenMonitor.Budgets;
using TokenMonitor.Pricing;
using TokenMonitor.Time;

namespace TokenMonitor.Commands;

/// <summary>Checks usage against a budget and says, per period window, how far it has gone and where it is heading.</summary>
[Cmdlet(VerbsDiagnostic.Test, "BudgetThreshold")]
[OutputType(typeof(BudgetStatus))]
public sealed class TestBudgetThresholdCommand : PSCmdlet
{
    private BudgetEvaluator? _evaluator;
    private PricingSession? _pricing;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public UsageRecord? InputObject { get; set; }

    /// <summary>The limit in US dollars; a budget needs this, -TokenLimit or -RequestLimit.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(0, double.MaxValue)]
    public decimal? Amount { get; set; }

    [Parameter(Position = 1)]
    public BudgetPeriod Period { get; set; } = BudgetPeriod.Monthly;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "default";

    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? TokenLimit { get; set; }

    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? RequestLimit { get; set; }

    /// <summary>IANA or Windows id the periods align to; UTC by default.</summary>
    [Parameter]
    public string? TimeZone { get; set; }

    [Parameter]
    public DayOfWeek WeekStart { get; set; } = DayOfWeek.Monday;

    /// <summary>A pricing file whose entries win over the LiteLLM refresh and the embedded catalog, for records not yet priced.</summary>
    [Parameter]
    public string? PricingFile { get; set; }

    /// <summary>The moment to evaluate at, for reproducible runs; now by default. Later records do not count.</summary>
    [Parameter]
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>Every period window that has usage, not only the current one.</summary>
    [Parameter]
    public SwitchParameter AllPeriods { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _evaluator = new BudgetEvaluator(new Budget
            {
                Name = Name,
                Period = Period,
                Amount = Amount,
                TokenLimit = TokenLimit,
                RequestLimit = RequestLimit,
                TimeZone = TimeZones.Find(TimeZone),
                WeekStart = WeekStart,
            }, (AsOf ?? DateTimeOffset.UtcNow).ToUniversalTime());
        }
        catch (Exception ex) when (ex is ArgumentException or TimeZoneNotFoundException)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ex, "InvalidBudget", Name));
        }

        _pricing = new PricingSession(new CostCalculator(PricingCatalogs.Load(this, PricingFile), new PricingOptions()),
            remedy: "price such records upstream with Measure-TokenCost -FallbackModel");
    }

    protected override void ProcessRecord()
    {
        if (InputObject is not { } record) return;

        // Records straight from Import-UsageLog are priced (without changing them) so a budget never reads them as free.
        var (cost, warning) = _pricing!.CostOf(record);
        if (warning is not null) WriteWarning(warning);
        _evaluator!.Add(record, cost);
    }

    protected override void EndProcessing()
    {
        foreach (var status in _evaluator!.Evaluate(AllPeriods.IsPresent))
        {
            WriteObject(status);
        }
    }
}
