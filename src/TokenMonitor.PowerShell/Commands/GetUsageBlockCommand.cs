using System.Globalization;
using System.Management.Automation;
using TokenMonitor.Analytics;

namespace TokenMonitor.Commands;

/// <summary>The 5-hour windows coding plans meter: usage, burn rate, projection and the share of a plan limit.</summary>
[Cmdlet(VerbsCommon.Get, "UsageBlock")]
[OutputType(typeof(UsageBlock))]
public sealed class GetUsageBlockCommand : UsageAnalysisCommand
{
    private UsageBlockAnalyzer? _analyzer;

    /// <summary>A plan limit in tokens, or "max" for the highest completed window.</summary>
    [Parameter]
    [ValidatePattern(@"^(?i:max|\d+)$")]
    public string? TokenLimit { get; set; }

    /// <summary>The moment the active window is judged at; now by default. Later records do not count.</summary>
    [Parameter]
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>Only the window holding -AsOf (nothing when none does).</summary>
    [Parameter]
    public SwitchParameter Active { get; set; }

    /// <summary>Leave out the idle stretches between windows.</summary>
    [Parameter]
    public SwitchParameter NoGap { get; set; }

    /// <summary>Window length in hours; 5 is what Claude's plans use.</summary>
    [Parameter]
    [ValidateRange(1, 168)]
    public int LengthHours { get; set; } = 5;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var max = string.Equals(TokenLimit, "max", StringComparison.OrdinalIgnoreCase);
        long? limit = null;
        if (TokenLimit is not null && !max)
        {
            if (!long.TryParse(TokenLimit, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(
                    new ArgumentException($"-TokenLimit '{TokenLimit}' is neither a token count nor 'max'."), "InvalidTokenLimit", TokenLimit));
            }

            limit = parsed;
        }

        _analyzer = new UsageBlockAnalyzer(new BlockOptions
        {
            AsOf = (AsOf ?? DateTimeOffset.UtcNow).ToUniversalTime(),
            Length = TimeSpan.FromHours(LengthHours),
            TokenLimit = limit,
            TokenLimitFromMax = max,
            IncludeGaps = !NoGap.IsPresent && !Active.IsPresent,
        });
    }

    protected override void Add(UsageRecord record, TokenCost cost) => _analyzer!.Add(record, cost);

    protected override void EndProcessing()
    {
        foreach (var block in _analyzer!.Blocks())
        {
            if (Active.IsPresent && !block.IsActive) continue;
            WriteObject(block);
        }
    }
}
