using System.IO.Enumeration;

namespace TokenMonitor.Budgets;

/// <summary>The record fields a budget can be scoped to.</summary>
public enum ScopeDimension
{
    User,
    Service,
    Job,
    Project,
    Model,
    Provider,
    Tag,
}

/// <summary>One <c>dimension:pattern</c> term; the pattern takes <c>*</c> and <c>?</c> and ignores case.</summary>
public sealed record ScopeFilter(ScopeDimension Dimension, string Pattern)
{
    public bool Matches(string? value) =>
        !string.IsNullOrEmpty(value) && FileSystemName.MatchesSimpleExpression(Pattern, value, ignoreCase: true);

    public override string ToString() => $"{Dimension.ToString().ToLowerInvariant()}:{Pattern}";
}

/// <summary>
/// Which records a budget counts. Terms on different dimensions must all match; terms on the same dimension are
/// alternatives, so <c>service:openai, service:anthropic, user:alice</c> is Alice's use of either service.
/// </summary>
public sealed class BudgetScope
{
    private readonly ScopeFilter[][] _byDimension;

    private BudgetScope(IReadOnlyList<ScopeFilter> filters)
    {
        Filters = filters;
        _byDimension = filters.GroupBy(f => f.Dimension).Select(g => g.ToArray()).ToArray();
    }

    public static BudgetScope Global { get; } = new([]);

    public IReadOnlyList<ScopeFilter> Filters { get; }

    public bool IsGlobal => Filters.Count == 0;

    /// <summary>Reads terms such as <c>service:openai</c> or <c>job:nightly-*</c>; a term may hold several separated by commas.</summary>
    public static BudgetScope Parse(IEnumerable<string>? terms)
    {
        var filters = new List<ScopeFilter>();
        foreach (var term in (terms ?? []).SelectMany(t => (t ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (term.Equals("global", StringComparison.OrdinalIgnoreCase) || term == "*") continue;
            var colon = term.IndexOf(':');
            if (colon <= 0 || colon == term.Length - 1)
            {
                throw new FormatException($"scope '{term}' is not dimension:pattern (for example service:openai or job:nightly-*; dimensions: {DimensionList})");
            }

            var name = term[..colon].Trim();
            if (!TryDimension(name, out var dimension))
            {
                throw new FormatException($"scope '{term}' names an unknown dimension '{name}' (dimensions: {DimensionList})");
            }

            var filter = new ScopeFilter(dimension, term[(colon + 1)..].Trim());
            if (!filters.Contains(filter)) filters.Add(filter);
        }

        return filters.Count == 0 ? Global : new BudgetScope(filters);
    }

    public bool Matches(UsageRecord record) => Matches(ScopeFields.Of(record));

    internal bool Matches(ScopeFields fields)
    {
        foreach (var alternatives in _byDimension)
        {
            if (!alternatives.Any(f => MatchesField(f, fields))) return false;
        }

        return true;
    }

    private static bool MatchesField(ScopeFilter filter, ScopeFields r) => filter.Dimension switch
    {
        ScopeDimension.User => filter.Matches(r.User),
        ScopeDimension.Service => filter.Matches(r.Service),
        ScopeDimension.Job => filter.Matches(r.Job),
        ScopeDimension.Project => filter.Matches(r.Project),
        ScopeDimension.Model => filter.Matches(r.Model),
        ScopeDimension.Provider => filter.Matches(r.Provider),
        ScopeDimension.Tag => r.Tags.Any(filter.Matches),
        _ => false,
    };

    private static bool TryDimension(string name, out ScopeDimension dimension)
    {
        // "tags" and "users" are what people type after reading the record's property names.
        dimension = default;
        if (!name.All(char.IsAsciiLetter)) return false;
        var singular = name.Length > 1 && name.EndsWith('s') ? name[..^1] : name;
        return Enum.TryParse(name, ignoreCase: true, out dimension) || Enum.TryParse(singular, ignoreCase: true, out dimension);
    }

    private static string DimensionList => string.Join(", ", Enum.GetNames<ScopeDimension>().Select(n => n.ToLowerInvariant()));

    public override string ToString() => IsGlobal ? "global" : string.Join(", ", Filters);
}
