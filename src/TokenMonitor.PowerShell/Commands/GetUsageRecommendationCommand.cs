using System.Management.Automation;
using TokenMonitor.Analytics;

namespace TokenMonitor.Commands;

/// <summary>Concrete ways to spend less, each with an estimate of the saving and the assumptions behind it.</summary>
[Cmdlet(VerbsCommon.Get, "UsageRecommendation")]
[OutputType(typeof(UsageRecommendation))]
public sealed class GetUsageRecommendationCommand : UsageAnalysisCommand
{
    private RecommendationEngine? _engine;

    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long ShortOutputTokens { get; set; } = 500;

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double AssumedCacheableShare { get; set; } = 0.5;

    [Parameter]
    [ValidateRange(1, 1000)]
    public int AssumedReuse { get; set; } = 4;

    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public decimal MinimumSavings { get; set; } = 0.0001m;

    [Parameter]
    public RecommendationKind[]? Kind { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _engine = new RecommendationEngine(Calculator, new RecommendationOptions
        {
            ShortOutputTokens = ShortOutputTokens,
            AssumedCacheableShare = AssumedCacheableShare,
            AssumedReuse = AssumedReuse,
            MinimumSavings = MinimumSavings,
        });
    }

    protected override void Add(UsageRecord record, TokenCost cost) => _engine!.Add(record, cost);

    protected override void EndProcessing()
    {
        foreach (var recommendation in _engine!.Recommendations())
        {
            if (Kind is { Length: > 0 } && !Kind.Contains(recommendation.Kind)) continue;
            WriteObject(recommendation);
        }
    }
}
