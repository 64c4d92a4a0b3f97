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

    public PriceCatalog(IEnumerable<ModelPrice> entries, string description)
    {
        Description = description;
        foreach (var entry in entries)
        {
            Entries.Add(entry);
            foreach (var name in entry.Aliases.Prepend(entry.Id))
            {
                _byName.TryAdd(ModelNames.Normalise(name), entry);
            }
        }
    }

    public List<ModelPrice> Entries { get; } = [];
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
        return CatalogFile.Load(stream, "embedded catalog");
    }
}

/// <summary>A catalog entry for a logged name; <paramref name="SnapshotGuessed"/> when only the name without its date matched.</summary>
public sealed record PriceMatch(ModelPrice Entry, bool SnapshotGuessed);

/// <summary>Reads the catalog's JSON form (prices per million tokens, as the providers list them).</summary>
public static class CatalogFile
{
    public static PriceCatalog Load(Stream json, string description)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var readOn = root.TryGetProperty("read", out var read) ? read.GetString() ?? "" : "";
        var entries = root.GetProperty("models").EnumerateArray().Select(m => ParseEntry(m, readOn)).ToList();
        return new PriceCatalog(entries, $"{description} (prices read {readOn})");
    }

    private static ModelPrice ParseEntry(JsonElement m, string readOn)
    {
        PriceRates? longContext = null;
        long? threshold = null;
        if (m.TryGetProperty("longContext", out var lc))
        {
            longContext = ParseRates(lc);
            threshold = lc.GetProperty("threshold").GetInt64();
        }

        return new ModelPrice
        {
            Id = m.GetProperty("id").GetString()!,
            Provider = m.GetProperty("provider").GetString()!,
            Aliases = m.TryGetProperty("aliases", out var aliases) ? aliases.EnumerateArray().Select(a => a.GetString()!).ToArray() : [],
            Rates = ParseRates(m),
            LongContext = longContext,
            LongContextThreshold = threshold,
            BatchDiscount = OptionalDecimal(m, "batchDiscount"),
            FastMultiplier = OptionalDecimal(m, "fastMultiplier"),
            Source = m.GetProperty("source").GetString()!,
            ReadOn = m.TryGetProperty("read", out var own) ? own.GetString()! : readOn,
            Note = m.TryGetProperty("note", out var note) ? note.GetString() : null,
        };
    }

    private static PriceRates ParseRates(JsonElement e) => new()
    {
        Input = e.GetProperty("input").GetDecimal(),
        Output = e.GetProperty("output").GetDecimal(),
        CacheRead = OptionalDecimal(e, "cacheRead"),
        CacheWrite5m = OptionalDecimal(e, "cacheWrite5m"),
        CacheWrite1h = OptionalDecimal(e, "cacheWrite1h"),
    };

    private static decimal? OptionalDecimal(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;
}
