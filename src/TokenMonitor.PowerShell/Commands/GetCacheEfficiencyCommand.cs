using System.Management.Automation;
using TokenMonitor.Analytics;

namespace TokenMonitor.Commands;

/// <summary>Whether prompt caching pays, per model, cache key or project.</summary>
[Cmdlet(VerbsCommon.Get, "CacheEfficiency")]
[OutputType(typeof(CacheEfficiency))]
public sealed class GetCacheEfficiencyCommand : UsageAnalysisCommand
{
    private CacheEfficiencyAnalyzer? _analyzer;

    /// <summary>What to group on; Model by default. CacheKey is provider, model and session together.</summary>
    [Parameter(Position = 0)]
    public AnalysisDimension[] GroupBy { get; set; } = [AnalysisDimension.Model];

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _analyzer = new CacheEfficiencyAnalyzer(GroupBy, Catalog.Resolve);
    }

    protected override void Add(UsageRecord record, TokenCost cost) => _analyzer!.Add(record, cost);

    protected override void EndProcessing()
    {
        foreach (var row in _analyzer!.Results()) WriteObject(row);
    }
}
