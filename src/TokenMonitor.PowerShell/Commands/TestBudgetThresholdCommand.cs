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
    private CostCalculator? _calculator;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public UsageRecord? InputObject { get; set; }

    /// <summary>The limit in US dollars.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(0, double.MaxValue)]
    public decimal Amount { get; set; }

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

    /// <summary>The moment to evaluate at, for reproducible runs; now by default.</summary>
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
            });
        }
        catch (Exception ex) when (ex is ArgumentException or TimeZoneNotFoundException)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ex, "InvalidBudget", Name));
        }

        _calculator = new CostCalculator(PriceCatalog.Embedded, new PricingOptions());
    }

    protected override void ProcessRecord()
    {
        if (InputObject is not { } record) return;

        // Records straight from Import-UsageLog are priced here so that a budget never reads them as free.
        record.Cost ??= _calculator!.Price(record);
        _evaluator!.Add(record);
    }

    protected override void EndProcessing()
    {
        var asOf = AsOf ?? DateTimeOffset.UtcNow;
        foreach (var status in _evaluator!.Evaluate(asOf.ToUniversalTime(), AllPeriods.IsPresent))
        {
            WriteObject(status);
        }
    }
}
