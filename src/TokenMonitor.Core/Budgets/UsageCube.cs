using System.Runtime.InteropServices;

namespace TokenMonitor.Budgets;

/// <summary>The record fields a scope can test, as one value: records that share them share totals.</summary>
internal readonly record struct ScopeFields(string Provider, string Model, string? Project, string? User, string? Service, string? Job, string TagKey)
{
    public const char TagSeparator = '\u001f';

    public static ScopeFields Of(UsageRecord r) => new(r.Provider, r.Model, r.Project, r.User, r.Service, r.Job,
        r.Tags.Length switch { 0 => "", 1 => r.Tags[0], _ => string.Join(TagSeparator, r.Tags) });

    public string[] Tags => TagKey.Length == 0 ? [] : TagKey.Split(TagSeparator);
}

/// <summary>What one scope tuple spent in one minute.</summary>
internal struct CubeCell
{
    public long Minute;
    public int Tuple;
    public decimal Spent;
    public long Tokens;
    public long Requests;
    public long Unpriced;
}

/// <summary>
/// Usage folded, in one pass and in any order, into totals per minute per scope tuple: every budget is then evaluated
/// from these few cells, so fifty budgets over a million records still read each record once, and budgets may arrive
/// after the records. Records after the evaluation moment and duplicates are left out here, exactly to the tick.
/// </summary>
public sealed class UsageCube(DateTimeOffset asOf)
{
    private readonly Dictionary<ScopeFields, int> _tupleIds = [];
    private readonly List<ScopeFields> _tuples = [];
    private readonly List<DateTimeOffset> _firstSeen = [];
    private readonly Dictionary<(int Tuple, long Minute), int> _cellIndex = [];
    private readonly List<CubeCell> _cells = [];
    private CubeCell[]? _sorted;

    public DateTimeOffset AsOf { get; } = asOf.ToUniversalTime();

    /// <summary>Records left out because their time is before 2000 (no model call is that old) or after 2100.</summary>
    public long Undated { get; private set; }

    /// <summary>Records counted (not duplicates, not after AsOf).</summary>
    public long Records { get; private set; }

    /// <summary>Adds a record at <paramref name="cost"/>, or at its own Cost when none is given; unknown costs count as unpriced.</summary>
    public void Add(UsageRecord record, TokenCost? cost = null)
    {
        if (record.Timestamp > AsOf || record.IsDuplicate) return;

        // A record with no time (0001-01-01, made by hand) would open a window two thousand years ago.
        if (!Time.ModelCallTimes.IsPlausible(record.Timestamp))
        {
            Undated++;
            return;
        }

        cost ??= record.Cost;

        var fields = ScopeFields.Of(record);
        if (!_tupleIds.TryGetValue(fields, out var tuple))
        {
            tuple = _tuples.Count;
            _tupleIds[fields] = tuple;
            _tuples.Add(fields);
            _firstSeen.Add(record.Timestamp);
        }
        else if (record.Timestamp < _firstSeen[tuple])
        {
            _firstSeen[tuple] = record.Timestamp;
        }

        var minute = MinuteOf(record.Timestamp);
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_cellIndex, (tuple, minute), out var exists);
        if (!exists)
        {
            index = _cells.Count;
            _cells.Add(new CubeCell { Minute = minute, Tuple = tuple });
        }

        ref var cell = ref CollectionsMarshal.AsSpan(_cells)[index];
        cell.Requests += record.Requests;
        cell.Tokens += record.TotalTokens;
        if (cost is { IsUnknownModel: false }) cell.Spent += cost.Total;
        else cell.Unpriced += record.Requests;
        Records++;
        _sorted = null;
    }

    internal IReadOnlyList<ScopeFields> Tuples => _tuples;

    internal DateTimeOffset FirstSeen(int tuple) => _firstSeen[tuple];

    /// <summary>The cells in time order.</summary>
    internal CubeCell[] Cells
    {
        get
        {
            if (_sorted is null)
            {
                _sorted = [.. _cells];
                Array.Sort(_sorted, static (a, b) => a.Minute != b.Minute ? a.Minute.CompareTo(b.Minute) : a.Tuple.CompareTo(b.Tuple));
            }

            return _sorted;
        }
    }

    internal static long MinuteOf(DateTimeOffset instant) => Math.DivRem(instant.UtcTicks, TimeSpan.TicksPerMinute, out _);

    internal static DateTimeOffset InstantOf(long minute) => new(minute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
}
