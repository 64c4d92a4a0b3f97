using System.Management.Automation;
using TokenMonitor.Budgets;
using TokenMonitor.Pricing;

namespace TokenMonitor.Commands;

/// <summary>
/// Reads records and budgets from the pipeline, from -Budget and -BudgetFile and from the command line, and hands
/// them to the engine's evaluator: every budget is evaluated from one pass over the records.
/// </summary>
public abstract class BudgetEvaluationCommandBase : BudgetDefinitionCommandBase, IUsageRecordSink
{
    private BudgetEvaluator? _evaluator;
    private PricingSession? _pricing;
    private bool _acceptsRecords;
    private List<string>? _pendingWarnings;

    /// <summary>
    /// Usage records, and budgets from New-TokenBudget, in any order. One parameter takes both: with a second
    /// pipeline parameter PowerShell would try, and fail, to convert every record into it, which costs more than
    /// the whole evaluation.
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Budgets from New-TokenBudget.</summary>
    [Parameter]
    [ValidateNotNull]
    public Budget[]? Budget { get; set; }

    /// <summary>JSON or .psd1 files with a budgets list.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? BudgetFile { get; set; }

    /// <summary>A pricing file whose entries win over the LiteLLM refresh and the embedded catalog, for records not yet priced.</summary>
    [Parameter]
    public string? PricingFile { get; set; }

    /// <summary>The moment to evaluate at, for reproducible runs; now by default. Later records do not count.</summary>
    [Parameter]
    public DateTimeOffset? AsOf { get; set; }

    protected override void BeginProcessing()
    {
        _evaluator = new BudgetEvaluator((AsOf ?? DateTimeOffset.UtcNow).ToUniversalTime());
        if (DefinitionParametersWithoutLimit() is { Count: > 0 } stray)
        {
            ThrowTerminatingError(ErrorRecords.InvalidBudget(new ArgumentException(
                $"{string.Join(", ", stray.Select(p => "-" + p))} define a budget on the command line, which needs -Amount, -TokenLimit or -RequestLimit; " +
                "budgets from -Budget and -BudgetFile carry their own."), Name));
        }

        if (DefinesBudget) AddBudget(BudgetFromParameters());
        foreach (var budget in Budget ?? []) AddBudget(budget);
        foreach (var path in BudgetFile ?? [])
        {
            foreach (var budget in BudgetFiles.Load(this, path)) AddBudget(budget);
        }

        _pricing = new PricingSession(new CostCalculator(PricingCatalogs.Load(this, PricingFile), new PricingOptions()),
            remedy: "price such records upstream with Measure-TokenCost -FallbackModel");

        // Only statuses come out, at the end, so records may come straight from Import-UsageLog (PipelineFusion) when
        // they would have come from the pipeline.
        _acceptsRecords = PipelineFusion.TakesRecordsFromPipeline(this, nameof(InputObject));
    }

    bool IUsageRecordSink.AcceptsRecords => _acceptsRecords;

    // Priced ahead on the reading threads; a record handed over is never seen by another command, so its Cost may be set.
    Action<UsageRecord>? IUsageRecordSink.Prepare => _pricing!.Prepare;

    /// <summary>ProcessRecord for a record handed over by Import-UsageLog; warnings wait for the evaluation.</summary>
    void IUsageRecordSink.Accept(UsageRecord record)
    {
        var (cost, warning) = _pricing!.CostOf(record);
        if (warning is not null) (_pendingWarnings ??= []).Add(warning);
        _evaluator!.Add(record, cost);
    }

    protected override void ProcessRecord()
    {
        UsageRecord record;
        switch (InputObject?.BaseObject)
        {
            case UsageRecord usage:
                record = usage;
                break;
            case Budget budget:
                AddBudget(budget);
                return;
            case null:
                return;
            default:
                WriteError(ErrorRecords.UnexpectedInput(InputObject, "usage records (Import-UsageLog, Measure-TokenCost) or budgets (New-TokenBudget)"));
                return;
        }

        // Records straight from Import-UsageLog are priced (without changing them) so a budget never reads them as free.
        var (cost, warning) = _pricing!.CostOf(record);
        if (warning is not null) WriteWarning(warning);
        _evaluator!.Add(record, cost);
    }

    /// <summary>Every budget's statuses; ends the command when no budget was given at all.</summary>
    protected IReadOnlyList<BudgetStatus> Evaluate(bool allPeriods)
    {
        foreach (var warning in _pendingWarnings ?? []) WriteWarning(warning);
        _pendingWarnings = null;
        if (_evaluator!.Budgets.Count == 0)
        {
            ThrowTerminatingError(ErrorRecords.NoBudget(MyInvocation.MyCommand.Name));
        }

        if (_evaluator.Usage.Undated > 0)
        {
            WriteWarning($"{_evaluator.Usage.Undated} record(s) dated before 2000 were left out: they have no plausible time.");
        }

        WriteVerbose($"Evaluated {_evaluator.Budgets.Count} budget(s) over {_evaluator.Usage.Records} record(s) as of {_evaluator.Usage.AsOf:o}.");
        return _evaluator.Evaluate(allPeriods).ToList();
    }

    /// <summary>Ends the command with the reasons when a current window is exceeded (or forecast to be).</summary>
    protected void FailOnBreaches(IReadOnlyList<BudgetStatus> statuses, bool includeForecast)
    {
        var breaches = BudgetGate.Breaches(statuses, includeForecast);
        if (breaches.Count > 0) ThrowTerminatingError(ErrorRecords.BudgetBreached(breaches));
    }

    private void AddBudget(Budget budget)
    {
        if (_evaluator!.Budgets.Any(b => ReferenceEquals(b, budget)))
        {
            WriteWarning($"Budget '{budget.Name}' was given twice; it is evaluated once.");
            return;
        }

        if (_evaluator.Budgets.Any(b => b.Name.Equals(budget.Name, StringComparison.OrdinalIgnoreCase)))
        {
            WriteWarning($"Two budgets are named '{budget.Name}'; both are evaluated. Give each its own -Name to tell their statuses apart.");
        }

        try
        {
            _evaluator.AddBudget(budget);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(ErrorRecords.InvalidBudget(ex, budget.Name));
        }
    }
}
