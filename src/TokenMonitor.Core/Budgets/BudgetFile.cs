using System.Globalization;
using System.Text.Json;
using TokenMonitor.Time;

namespace TokenMonitor.Budgets;

/// <summary>
/// Budgets kept beside a scheduled script: <c>{ "budgets": [ { "name": …, "amount": …, "period": … } ] }</c>, or a bare
/// array of budgets. Field names ignore case. A file with any mistake (unknown field, wrong type, negative amount,
/// unknown period or zone) is rejected whole, naming the file, the budget and the field of every mistake: a gate that
/// silently dropped a budget would pass when it should fail.
/// </summary>
public static class BudgetFile
{
    /// <summary>Top-level sections other than budgets that other commands read (alert channels).</summary>
    private static readonly string[] OtherSections = ["$schema", "channels"];

    private static readonly string[] Fields =
    [
        "name", "description", "scope", "period", "window", "amount", "tokenLimit", "requestLimit",
        "timeZone", "weekStart", "start", "thresholds", "rollover",
    ];

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static IReadOnlyList<Budget> Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Reads budgets from JSON text; <paramref name="source"/> names the file in every error.</summary>
    public static IReadOnlyList<Budget> Parse(ReadOnlyMemory<byte> json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : "";
            throw new BudgetFileException([new BudgetFileProblem(source, "", "", $"not valid JSON{where}: {ex.Message.Split(" LineNumber")[0]}")]);
        }

        using (document)
        {
            var problems = new List<BudgetFileProblem>();
            var budgets = new List<Budget>();
            var list = BudgetList(document.RootElement, source, problems);
            var index = 0;
            foreach (var element in list)
            {
                index++;
                if (ReadBudget(element, source, index, problems) is { } budget) budgets.Add(budget);
            }

            foreach (var duplicate in budgets.GroupBy(b => b.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                problems.Add(new BudgetFileProblem(source, duplicate.Skip(1).First().Name, "name", "two budgets have this name; names must be unique"));
            }

            if (problems.Count > 0) throw new BudgetFileException(problems);
            return budgets;
        }
    }

    private static IEnumerable<JsonElement> BudgetList(JsonElement root, string source, List<BudgetFileProblem> problems)
    {
        if (root.ValueKind == JsonValueKind.Array) return root.EnumerateArray().ToList();
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new BudgetFileProblem(source, "", "", "expected an object with a 'budgets' list, or a list of budgets"));
            return [];
        }

        JsonElement? budgets = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.Equals("budgets", StringComparison.OrdinalIgnoreCase)) budgets = property.Value;
            else if (!OtherSections.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(new BudgetFileProblem(source, "", property.Name, $"unknown section{Suggest(property.Name, ["budgets", .. OtherSections])}"));
            }
        }

        if (budgets is not { ValueKind: JsonValueKind.Array } array)
        {
            problems.Add(new BudgetFileProblem(source, "", "budgets", budgets is null ? "the file has no 'budgets' list" : "'budgets' must be a list"));
            return [];
        }

        return array.EnumerateArray().ToList();
    }

    private static Budget? ReadBudget(JsonElement element, string source, int index, List<BudgetFileProblem> problems)
    {
        var label = $"#{index}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new BudgetFileProblem(source, label, "", "a budget must be an object"));
            return null;
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject()) values[property.Name] = property.Value;
        if (values.TryGetValue("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String
            && nameElement.GetString() is { Length: > 0 } givenName)
        {
            label = givenName;
        }

        var count = problems.Count;
        void Problem(string field, string message) => problems.Add(new BudgetFileProblem(source, label, field, message));

        var meant = new List<string>();
        foreach (var name in values.Keys.Where(k => !Fields.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            Problem(name, $"unknown field{Suggest(name, Fields)}");
            if (Suggestion(name, Fields) is { } field) meant.Add(field);
        }

        var zone = TimeZoneInfo.Utc;
        if (Text(values, "timeZone", Problem) is { } zoneId)
        {
            try
            {
                zone = TimeZones.Find(zoneId);
            }
            catch (TimeZoneNotFoundException ex)
            {
                Problem("timeZone", ex.Message);
            }
        }

        var budget = new Budget
        {
            Name = Text(values, "name", Problem) ?? "",
            Amount = Number(values, "amount", Problem),
            TokenLimit = Whole(values, "tokenLimit", Problem),
            RequestLimit = Whole(values, "requestLimit", Problem),
            Period = Choice<BudgetPeriod>(values, "period", Problem) ?? BudgetPeriod.Monthly,
            WeekStart = Choice<DayOfWeek>(values, "weekStart", Problem) ?? DayOfWeek.Monday,
            TimeZone = zone,
            Rollover = Flag(values, "rollover", Problem) ?? false,
            Scope = Scope(values, Problem),
            Window = Window(values, Problem),
            Start = Start(values, zone, Problem),
            Thresholds = Thresholds(values, Problem),
        };
        _ = Text(values, "description", Problem);
        if (!values.ContainsKey("name")) Problem("name", "a budget needs a name");

        // The budget's own rules, except on a field already reported: a mistyped amount is not also "no limit".
        var reported = problems.Skip(count).Select(p => p.Field.Split('.')[0]).Concat(meant).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, message) in budget.Problems())
        {
            if (!reported.Contains(field)) Problem(Camel(field), message);
        }

        return problems.Count == count ? budget : null;
    }

    private static string? Text(Dictionary<string, JsonElement> values, string field, Action<string, string> problem)
    {
        if (!values.TryGetValue(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        problem(field, $"expected text, found {Describe(v)}");
        return null;
    }

    private static decimal? Number(Dictionary<string, JsonElement> values, string field, Action<string, string> problem)
    {
        if (!values.TryGetValue(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var number)) return number;
        if (v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out number)) return number;
        problem(field, $"expected a number of US dollars, found {Describe(v)}");
        return null;
    }

    private static long? Whole(Dictionary<string, JsonElement> values, string field, Action<string, string> problem)
    {
        if (!values.TryGetValue(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var number)) return number;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue) return (long)d;
        problem(field, $"expected a whole number, found {Describe(v)}");
        return null;
    }

    private static bool? Flag(Dictionary<string, JsonElement> values, string field, Action<string, string> problem)
    {
        if (!values.TryGetValue(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        problem(field, $"expected true or false, found {Describe(v)}");
        return null;
    }

    private static T? Choice<T>(Dictionary<string, JsonElement> values, string field, Action<string, string> problem) where T : struct, Enum
    {
        if (Text(values, field, problem) is not { } text) return null;
        if (text.All(char.IsAsciiLetter) && Enum.TryParse<T>(text, ignoreCase: true, out var value)) return value;
        problem(field, $"unknown value '{text}' (one of {string.Join(", ", Enum.GetNames<T>())})");
        return null;
    }

    private static BudgetScope Scope(Dictionary<string, JsonElement> values, Action<string, string> problem)
    {
        if (!values.TryGetValue("scope", out var v) || v.ValueKind == JsonValueKind.Null) return BudgetScope.Global;
        string[] terms;
        if (v.ValueKind == JsonValueKind.String) terms = [v.GetString()!];
        else if (v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            terms = v.EnumerateArray().Select(e => e.GetString()!).ToArray();
        else
        {
            problem("scope", $"expected text such as \"service:openai\" or a list of them, found {Describe(v)}");
            return BudgetScope.Global;
        }

        try
        {
            return BudgetScope.Parse(terms);
        }
        catch (FormatException ex)
        {
            problem("scope", ex.Message);
            return BudgetScope.Global;
        }
    }

    private static TimeSpan? Window(Dictionary<string, JsonElement> values, Action<string, string> problem)
    {
        if (Text(values, "window", problem) is not { } text) return null;
        if (Durations.TryParse(text, out var span)) return span;
        problem("window", $"'{text}' is not a duration (write 5h, 90m, 1d12h, PT5H or 05:00:00)");
        return null;
    }

    private static DateTimeOffset? Start(Dictionary<string, JsonElement> values, TimeZoneInfo zone, Action<string, string> problem)
    {
        if (Text(values, "start", problem) is not { } text) return null;

        if (TimeZones.TryParseMoment(text, zone, out var at)) return at;
        problem("start", $"'{text}' is not a date or time (write 2026-11-01 or 2026-11-01T09:00:00Z)");
        return null;
    }

    private static BudgetThresholds Thresholds(Dictionary<string, JsonElement> values, Action<string, string> problem)
    {
        if (!values.TryGetValue("thresholds", out var v) || v.ValueKind == JsonValueKind.Null) return BudgetThresholds.Default;
        var levels = new[] { "info", "warning", "critical", "exceeded" };
        var given = BudgetThresholds.Default;
        if (v.ValueKind == JsonValueKind.Array)
        {
            var numbers = v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var d) ? d : (decimal?)null).ToList();
            if (numbers.Count != 4 || numbers.Any(n => n is null))
            {
                problem("thresholds", "expected four percentages for Info, Warning, Critical and Exceeded, such as [50, 75, 90, 100]");
                return given;
            }

            return new BudgetThresholds(numbers[0]!.Value, numbers[1]!.Value, numbers[2]!.Value, numbers[3]!.Value);
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            problem("thresholds", $"expected {{ \"warning\": 80, … }} or [50, 75, 90, 100], found {Describe(v)}");
            return given;
        }

        foreach (var property in v.EnumerateObject())
        {
            var level = Array.FindIndex(levels, l => l.Equals(property.Name, StringComparison.OrdinalIgnoreCase));
            if (level < 0)
            {
                problem($"thresholds.{property.Name}", $"unknown level{Suggest(property.Name, levels)}");
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDecimal(out var percent))
            {
                problem($"thresholds.{property.Name}", $"expected a percentage, found {Describe(property.Value)}");
                continue;
            }

            given = level switch
            {
                0 => given with { Info = percent },
                1 => given with { Warning = percent },
                2 => given with { Critical = percent },
                _ => given with { Exceeded = percent },
            };
        }

        return given;
    }

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"text \"{v.GetString()}\"",
        JsonValueKind.Number => $"the number {v.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => v.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Camel(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];

    /// <summary>", did you mean 'amount'?" for a near miss, so a typo is fixed at a glance.</summary>
    private static string Suggest(string given, IReadOnlyCollection<string> known) =>
        Suggestion(given, known) is { } near ? $"; did you mean '{near}'?" : $" (known: {string.Join(", ", known)})";

    private static string? Suggestion(string given, IReadOnlyCollection<string> known)
    {
        if (given.Length >= 3 && known.FirstOrDefault(k => k.StartsWith(given, StringComparison.OrdinalIgnoreCase)) is { } prefix) return prefix;
        var best = known.Select(k => (k, d: Distance(given.ToLowerInvariant(), k.ToLowerInvariant()))).MinBy(x => x.d);
        return best.k is not null && best.d <= Math.Max(2, given.Length / 3) ? best.k : null;
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
