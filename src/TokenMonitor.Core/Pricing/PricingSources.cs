namespace TokenMonitor.Pricing;

/// <summary>
/// Where prices come from, first match wins: a pricing file the user names (or prices.json in the data folder),
/// then the LiteLLM list Update-ModelPricing saved in the data folder, then the catalog built into the module,
/// which serves offline.
/// </summary>
public static class PricingSources
{
    private static readonly object Gate = new();
    private static (string Key, PriceCatalog Catalog)? _last;

    /// <summary>$env:TOKENMONITOR_HOME, else the platform's local application data folder.</summary>
    public static string DataFolder =>
        Environment.GetEnvironmentVariable("TOKENMONITOR_HOME") is { Length: > 0 } home ? home
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "TokenMonitor");

    public static string RefreshedCatalogPath => Path.Combine(DataFolder, "prices-litellm.json");

    public static string UserOverridePath => Path.Combine(DataFolder, "prices.json");

    /// <summary>The layered catalog; reloaded only when a file in it changed.</summary>
    public static PriceCatalog Load(string? pricingFile = null)
    {
        var user = pricingFile ?? (File.Exists(UserOverridePath) ? UserOverridePath : null);
        if (pricingFile is not null && !File.Exists(pricingFile)) throw new FileNotFoundException($"The pricing file '{pricingFile}' does not exist.", pricingFile);
        var refreshed = File.Exists(RefreshedCatalogPath) ? RefreshedCatalogPath : null;
        var key = $"{Stamp(user)}|{Stamp(refreshed)}";
        lock (Gate)
        {
            if (_last is { } cached && cached.Key == key) return cached.Catalog;
            var entries = new List<ModelPrice>();
            if (user is not null) entries.AddRange(Read(user, "User"));
            if (refreshed is not null) entries.AddRange(Read(refreshed, "LiteLLM"));
            entries.AddRange(PriceCatalog.Embedded.Entries);
            var description = user is null && refreshed is null ? PriceCatalog.Embedded.Description
                : $"{string.Join(", ", new[] { user, refreshed }.Where(p => p is not null))} over the embedded catalog";
            var catalog = new PriceCatalog(entries, description);
            _last = (key, catalog);
            return catalog;
        }
    }

    private static IEnumerable<ModelPrice> Read(string path, string layer)
    {
        using var stream = File.OpenRead(path);
        return CatalogFile.Entries(stream, path, layer);
    }

    private static string Stamp(string? path) => path is null ? "" : $"{path}@{File.GetLastWriteTimeUtc(path).Ticks}:{new FileInfo(path).Length}";
}
