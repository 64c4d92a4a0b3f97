using System.Management.Automation;
using TokenMonitor.Pricing;

namespace TokenMonitor.Commands;

/// <summary>Shows the prices TokenMonitor uses: per model, with the catalog, page and day each comes from.</summary>
[Cmdlet(VerbsCommon.Get, "ModelPricing")]
[OutputType(typeof(ModelPrice))]
public sealed class GetModelPricingCommand : PSCmdlet
{
    /// <summary>Model names or wildcards; a logged name (a dated snapshot, a Bedrock id) finds the entry that would price it.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    public string[] Model { get; set; } = ["*"];

    [Parameter]
    public string? Provider { get; set; }

    /// <summary>A pricing file whose entries win over the LiteLLM refresh and the embedded catalog.</summary>
    [Parameter]
    public string? PricingFile { get; set; }

    private PriceCatalog? _catalog;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    protected override void BeginProcessing() =>
        _catalog = PricingCatalogs.Load(this, PricingFile);

    protected override void ProcessRecord()
    {
        foreach (var name in Model)
        {
            var found = 0;
            foreach (var entry in Find(name))
            {
                found++;
                if (_written.Add(entry.Id)) WriteObject(entry);
            }

            if (found == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                var known = _catalog!.Resolve(name);
                var message = known is not null
                    ? $"'{name}' is priced by {known.Id}, a {known.Provider} model, which -Provider {Provider} leaves out."
                    : $"No price is known for model '{name}' in {_catalog.Description}.";
                WriteError(ErrorRecords.ModelNotFound(message, name));
            }
        }
    }

    private IEnumerable<ModelPrice> Find(string name)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(name))
        {
            return _catalog!.Resolve(name) is { } entry && MatchesProvider(entry) ? [entry] : [];
        }

        var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
        return _catalog!.Winners.Where(e => MatchesProvider(e) && (pattern.IsMatch(e.Id) || e.Aliases.Any(pattern.IsMatch)));
    }

    private bool MatchesProvider(ModelPrice entry) =>
        Provider is null || new WildcardPattern(Provider, WildcardOptions.IgnoreCase).IsMatch(entry.Provider);
}
