using System.Globalization;
using System.Collections.Concurrent;
using System.Text.Json;

namespace TokenMonitor.Pricing;

/// <summary>
/// The price catalog: entries by canonical id and alias, with the name resolution that maps what logs
/// write (dated snapshots, provider prefixes, Bedrock and Vertex ids) onto them.
/// </summary>
public sealed class PriceCatalog
{
    private readonly Dictionary<string, ModelPrice> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PriceMatch?> _resolved = new(StringComparer.Ordinal);

    /// <summary>
    /// Entries in priority order (a user file, then the LiteLLM refresh, then the embedded catalog). An entry for a
    /// model an earlier one already prices is folded into it: the earlier entry wins every rate it states and takes
    /// the later one's snapshot names and the rates it leaves out (fast mode, 1-hour writes, batch discount), so an
    /// override of claude-sonnet-4-5 also prices claude-sonnet-4-5-20250929 and keeps Opus's fast multiplier.
    /// </summary>
    public PriceCatalog(IEnumerable<ModelPrice> entries, string description)
    {
        Description = description;
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var id = ModelNames.Normalise(entry.Id);
            if (byId.TryGetValue(id, out var index))
            {
                Entries[index] = Entries[index].Over(entry);
                continue;
            }

            byId[id] = Entries.Count;
            Entries.Add(entry);
        }

        foreach (var entry in Entries)
        {
            foreach (var name in entry.Aliases.Prepend(entry.Id))
            {
                _byName.TryAdd(ModelNames.Normalise(name), entry);
            }
        }
    }

    public List<ModelPrice> Entries { get; } = [];

    /// <summary>One entry per model id: the one that prices it (a user file over LiteLLM over the embedded catalog).</summary>
    public IEnumerable<ModelPrice> Winners => Entries;
    public string Description { get; }

    private static readonly Lazy<PriceCatalog> EmbeddedCatalog = new(LoadEmbedded);

    /// <summary>The catalog built into the module; it serves offline.</summary>
    public static PriceCatalog Embedded => EmbeddedCatalog.Value;

    /// <summary>The entry for a model name as a log writes it, or null when no entry matches.</summary>
    public ModelPrice? Resolve(string model) => Match(model)?.Entry;

    /// <summary>The entry and how it was found: a dated snapshot the catalog does not list is priced as its model, as a guess.</summary>
    public PriceMatch? Match(string model) => _resolved.GetOrAdd(model, Lookup);

    private PriceMatch? Lookup(string model)
    {
        foreach (var (candidate, undated) in ModelNames.Candidates(model))
        {
            if (_byName.TryGetValue(candidate, out var entry)) return new PriceMatch(entry, undated);
        }

        return null;
    }

    private static PriceCatalog LoadEmbedded()
    {
        using var stream = typeof(PriceCatalog).Assembly.GetManifestResourceStream("TokenMonitor.Pricing.prices.json")
            ?? throw new InvalidOperationException("The embedded price catalog is missing from TokenMonitor.Core.");
        var entries = CatalogFile.Entries(stream, "embedded catalog", "Embedded");
        return new PriceCatalog(entries, $"embedded catalog (prices read {entries.Select(e => e.ReadOn).Max()})");
    }
}

/// <summary>A catalog entry for a logged name; <paramref name="SnapshotGuessed"/> when only the name without its date matched.</summary>
public sealed record PriceMatch(ModelPrice Entry, bool SnapshotGuessed);

/// <summary>
/// Reads the catalog's JSON form (prices per million tokens, as providers list them): the embedded catalog, the
/// LiteLLM refresh Update-ModelPricing writes, and users' own pricing files. A mistake in a file (an unknown
/// field, a negative price, a missing id) is refused with the file, the entry and the field named.
/// </summary>
public static class CatalogFile
{
    private static readonly HashSet<string> EntryFields = new(StringComparer.Ordinal)
    {
        "id", "provider", "aliases", "input", "output", "cacheRead", "cacheWrite5m", "cacheWrite1h", "longContext",
        "priority", "offPeak", "batchDiscount", "fastMultiplier", "priorityMultiplier", "flexDiscount", "source", "read", "note",
    };

    private static readonly HashSet<string> TopFields = new(StringComparer.Ordinal) { "catalog", "read", "models", "$schema", "note" };

    private static readonly HashSet<string> TierFields = new(StringComparer.Ordinal)
    {
        "threshold", "input", "output", "cacheRead", "cacheWrite5m", "cacheWrite1h",
    };

    private static readonly HashSet<string> PriorityFields = new(StringComparer.Ordinal)
    {
        "input", "output", "cacheRead", "cacheWrite5m", "cacheWrite1h",
    };

    private static readonly HashSet<string> OffPeakFields = new(StringComparer.Ordinal)
    {
        "input", "output", "cacheRead", "cacheWrite5m", "cacheWrite1h", "peakHoursUtc", "peakDays",
    };

    public static List<ModelPrice> Entries(Stream json, string description, string layer)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{description}: the file should hold an object with a \"models\" array");
            foreach (var property in root.EnumerateObject())
            {
                if (!TopFields.Contains(property.Name))
                {
                    throw new InvalidDataException($"{description}: '{property.Name}' is not a catalog field (fields: {string.Join(", ", TopFields)})");
                }
            }

            var readOn = root.TryGetProperty("read", out var read) && read.ValueKind == JsonValueKind.String ? read.GetString() ?? "" : "";
            if (!root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{description}: there is no \"models\" array");
            }

            return models.EnumerateArray().Select((m, i) => ParseEntry(m, i, readOn, description, layer)).ToList();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{description}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
    }

    private static ModelPrice ParseEntry(JsonElement m, int index, string readOn, string description, string layer)
    {
        var id = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String
            ? idValue.GetString()!
            : throw new InvalidDataException($"{description}: model {index + 1} has no \"id\"");
        string Where(string field) => $"{description}: model '{id}', field '{field}'";

        foreach (var property in m.EnumerateObject())
        {
            if (!EntryFields.Contains(property.Name))
            {
                throw new InvalidDataException($"{Where(property.Name)}: not a catalog field (fields: {string.Join(", ", EntryFields)})");
            }
        }

        PriceRates? longContext = null;
        long? threshold = null;
        if (Tier(m, "longContext", "an object with threshold and rates", TierFields, "a tier field", Where) is { } lc)
        {
            longContext = ParseRates(lc, field => Where("longContext." + field));
            threshold = lc.TryGetProperty("threshold", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var tokens) && tokens > 0
                ? tokens : throw new InvalidDataException($"{Where("longContext.threshold")}: a positive number of tokens is required");
        }

        var priority = Tier(m, "priority", "an object with the priority rates", PriorityFields, "a tier field", Where) is { } pr
            ? ParseRates(pr, field => Where("priority." + field))
            : null;

        var offPeak = Tier(m, "offPeak", "an object with the off-peak rates, peakHoursUtc and peakDays", OffPeakFields,
                $"an off-peak field (fields: {string.Join(", ", OffPeakFields)})", Where) is { } op
            ? new OffPeakTier
            {
                Rates = ParseRates(op, field => Where("offPeak." + field)),
                PeakHoursUtc = PeakHours(op, Where),
                PeakDays = PeakDays(op, Where),
            }
            : null;

        return new ModelPrice
        {
            Id = id,
            Provider = Text(m, "provider", Where) ?? "",
            Aliases = m.TryGetProperty("aliases", out var aliases)
                ? aliases.ValueKind == JsonValueKind.Array && aliases.EnumerateArray().All(a => a.ValueKind == JsonValueKind.String)
                    ? aliases.EnumerateArray().Select(a => a.GetString()!).ToArray()
                    : throw new InvalidDataException($"{Where("aliases")}: should be an array of model names")
                : [],
            Rates = ParseRates(m, Where),
            LongContext = longContext,
            LongContextThreshold = threshold,
            Priority = priority,
            OffPeak = offPeak,
            BatchDiscount = Fraction(m, "batchDiscount", Where),
            FastMultiplier = Rate(m, "fastMultiplier", Where),
            PriorityMultiplier = Rate(m, "priorityMultiplier", Where),
            FlexDiscount = Fraction(m, "flexDiscount", Where),
            Source = Text(m, "source", Where) ?? description,
            ReadOn = Text(m, "read", Where) ?? readOn,
            Note = Text(m, "note", Where),
            Layer = layer,
        };
    }

    /// <summary>An entry's tier object (longContext, priority, offPeak): null when absent; refused when not an object or when it holds a field not in <paramref name="fields"/>.</summary>
    private static JsonElement? Tier(JsonElement m, string name, string shape, HashSet<string> fields, string fieldKind, Func<string, string> where)
    {
        if (!m.TryGetProperty(name, out var tier)) return null;
        if (tier.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where(name)}: should be {shape}");
        foreach (var property in tier.EnumerateObject())
        {
            if (!fields.Contains(property.Name)) throw new InvalidDataException($"{where(name + "." + property.Name)}: not {fieldKind}");
        }

        return tier;
    }

    private static PriceRates ParseRates(JsonElement e, Func<string, string> where) => new()
    {
        Input = Rate(e, "input", where) ?? throw new InvalidDataException($"{where("input")}: the input price is required"),
        Output = Rate(e, "output", where) ?? throw new InvalidDataException($"{where("output")}: the output price is required"),
        CacheRead = Rate(e, "cacheRead", where),
        CacheWrite5m = Rate(e, "cacheWrite5m", where),
        CacheWrite1h = Rate(e, "cacheWrite1h", where),
    };

    /// <summary>"01:00-04:00" intervals of UTC time of day, half-open; "22:00-02:00" wraps past midnight.</summary>
    private static List<(TimeOnly From, TimeOnly To)> PeakHours(JsonElement offPeak, Func<string, string> where)
    {
        var field = where("offPeak.peakHoursUtc");
        if (!offPeak.TryGetProperty("peakHoursUtc", out var hours) || hours.ValueKind != JsonValueKind.Array || hours.GetArrayLength() == 0)
        {
            throw new InvalidDataException($"{field}: a list of UTC intervals such as \"01:00-04:00\" is required");
        }

        return hours.EnumerateArray().Select(h =>
        {
            var text = h.ValueKind == JsonValueKind.String ? h.GetString()! : "";
            var parts = text.Split('-');
            return parts.Length == 2
                && TimeOnly.TryParseExact(parts[0].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                && TimeOnly.TryParseExact(parts[1].Trim() == "24:00" ? "00:00" : parts[1].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
                && from != to
                ? (from, to)
                : throw new InvalidDataException($"{field}: '{h.GetRawText()}' is not an interval such as \"01:00-04:00\" (UTC, HH:mm-HH:mm)");
        }).ToList();
    }

    private static HashSet<DayOfWeek> PeakDays(JsonElement offPeak, Func<string, string> where)
    {
        var field = where("offPeak.peakDays");
        if (!offPeak.TryGetProperty("peakDays", out var days)) return [.. Enum.GetValues<DayOfWeek>()];
        if (days.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{field}: should be a list of day names such as \"Monday\"");
        return days.EnumerateArray().Select(d =>
            d.ValueKind == JsonValueKind.String && d.GetString() is { } name && name.All(char.IsLetter)
                && Enum.TryParse<DayOfWeek>(name, ignoreCase: true, out var day)
                ? day
                : throw new InvalidDataException($"{field}: '{d.GetRawText()}' is not a day name such as \"Monday\"")).ToHashSet();
    }

    private static decimal? Rate(JsonElement e, string name, Func<string, string> where)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var rate))
        {
            throw new InvalidDataException($"{where(name)}: should be a number of dollars per million tokens, not {value.GetRawText()}");
        }

        return rate >= 0 ? rate : throw new InvalidDataException($"{where(name)}: is negative ({rate})");
    }

    private static decimal? Fraction(JsonElement e, string name, Func<string, string> where) =>
        Rate(e, name, where) is { } fraction && fraction > 1m
            ? throw new InvalidDataException($"{where(name)}: is the fraction taken off (0.5 = half price), at most 1, not {fraction}")
            : Rate(e, name, where);

    private static string? Text(JsonElement e, string name, Func<string, string> where) =>
        !e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new InvalidDataException($"{where(name)}: should be text, not {value.GetRawText()}");
}
