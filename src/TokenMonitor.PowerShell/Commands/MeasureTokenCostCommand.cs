using System.Management.Automation;
using TokenMonitor.Pricing;
using TokenMonitor.Summaries;
using TokenMonitor.Time;

namespace TokenMonitor.Commands;

/// <summary>Prices usage records from the catalog; with -GroupBy or -Summary, totals them in the engine.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "TokenCost", DefaultParameterSetName = RecordSet)]
[OutputType(typeof(UsageRecord), ParameterSetName = [RecordSet])]
[OutputType(typeof(UsageSummary), ParameterSetName = [GroupSet, SummarySet])]
public sealed class MeasureTokenCostCommand : PSCmdlet, IUsageRecordSink
{
    private const string RecordSet = "Record";
    private const string GroupSet = "GroupBy";
    private const string SummarySet = "Summary";

    private PricingSession? _pricing;
    private UsageAggregator? _aggregator;
    private bool _acceptsRecords;
    private List<string>? _pendingWarnings;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public UsageRecord? InputObject { get; set; }

    [Parameter(ParameterSetName = GroupSet, Mandatory = true, Position = 0)]
    public SummaryDimension[] GroupBy { get; set; } = [];

    [Parameter(ParameterSetName = SummarySet, Mandatory = true)]
    public SwitchParameter Summary { get; set; }

    /// <summary>IANA or Windows id for Day, Week and Month boundaries; UTC by default.</summary>
    [Parameter(ParameterSetName = GroupSet)]
    [Parameter(ParameterSetName = SummarySet)]
    [ArgumentCompleter(typeof(TimeZoneCompleter))]
    public string? TimeZone { get; set; }

    [Parameter(ParameterSetName = GroupSet)]
    public DayOfWeek WeekStart { get; set; } = DayOfWeek.Monday;

    [Parameter]
    public CostMode CostMode { get; set; } = CostMode.Auto;

    /// <summary>A catalog model whose price stands in for unknown models; such costs are marked estimated.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    public string? FallbackModel { get; set; }

    /// <summary>A pricing file (the catalog's JSON form) whose entries win over the LiteLLM refresh and the embedded catalog.</summary>
    [Parameter]
    public string? PricingFile { get; set; }

    /// <summary>Price every record at Batch API rates.</summary>
    [Parameter]
    public SwitchParameter Batch { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            var calculator = new CostCalculator(PricingCatalogs.Load(this, PricingFile),
                new PricingOptions { Mode = CostMode, FallbackModel = FallbackModel, Batch = Batch.IsPresent });

            // A record priced upstream keeps its cost unless this call asks for other pricing.
            var reprice = MyInvocation.BoundParameters.ContainsKey(nameof(CostMode)) || FallbackModel is not null || Batch.IsPresent
                || PricingFile is not null;
            _pricing = CostMode == CostMode.Display
                ? new PricingSession(calculator, reprice, "-CostMode Auto or Calculate computes a cost from its tokens")
                : new PricingSession(calculator, reprice);
            if (ParameterSetName != RecordSet)
            {
                _aggregator = new UsageAggregator(new SummaryOptions
                {
                    GroupBy = GroupBy,
                    TimeZone = TimeZones.Find(TimeZone),
                    WeekStart = WeekStart,
                });

                // Only totals come out, so records may come straight from Import-UsageLog (PipelineFusion) when they
                // would have come from the pipeline, not from -InputObject.
                _acceptsRecords = PipelineFusion.TakesRecordsFromPipeline(this, nameof(InputObject));
            }
        }
        catch (Exception ex) when (ex is ArgumentException or TimeZoneNotFoundException)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ex, "InvalidPricingArgument", FallbackModel ?? TimeZone));
        }
    }

    protected override void ProcessRecord()
    {
        if (InputObject is not { } record) return;

        if (_pricing!.Apply(record) is { } warning) WriteWarning(warning);

        if (_aggregator is null) WriteObject(record);
        else _aggregator.Add(record);
    }

    bool IUsageRecordSink.AcceptsRecords => _acceptsRecords;

    Action<UsageRecord>? IUsageRecordSink.Prepare => _pricing!.Prepare;

    /// <summary>ProcessRecord for a record handed over by Import-UsageLog: priced and totalled; warnings wait for EndProcessing.</summary>
    void IUsageRecordSink.Accept(UsageRecord record)
    {
        if (_pricing!.Apply(record) is { } warning) (_pendingWarnings ??= []).Add(warning);
        _aggregator!.Add(record);
    }

    protected override void EndProcessing()
    {
        if (_pendingWarnings is not null)
        {
            foreach (var warning in _pendingWarnings) WriteWarning(warning);
        }

        if (_aggregator is null) return;
        foreach (var row in _aggregator.Results())
        {
            var output = PSObject.AsPSObject(row);
            if (row.GroupBy.Length > 0) output.TypeNames.Insert(0, $"TokenMonitor.UsageSummary#{string.Join("", row.GroupBy)}");
            WriteObject(output);
        }
    }
}
