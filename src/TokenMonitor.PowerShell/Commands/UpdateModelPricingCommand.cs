using System.Management.Automation;
using TokenMonitor.Pricing;

namespace TokenMonitor.Commands;

/// <summary>Refreshes prices from the LiteLLM list into the data folder; the embedded catalog still serves what it lacks, offline.</summary>
[Cmdlet(VerbsData.Update, "ModelPricing", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = UriSet)]
[OutputType(typeof(PricingUpdate))]
public sealed class UpdateModelPricingCommand : PSCmdlet, IDisposable
{
    private const string UriSet = "Uri";
    private const string PathSet = "Path";
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Where to download the LiteLLM price list from.</summary>
    [Parameter(ParameterSetName = UriSet, Position = 0)]
    public Uri Uri { get; set; } = new(LiteLlmPrices.DefaultUri);

    /// <summary>A copy of LiteLLM's model_prices_and_context_window.json on disk, for machines without that network.</summary>
    [Parameter(ParameterSetName = PathSet, Mandatory = true)]
    public string Path { get; set; } = "";

    protected override void EndProcessing()
    {
        var target = PricingSources.RefreshedCatalogPath;
        var source = ParameterSetName == PathSet ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path) : Uri.ToString();
        if (!ShouldProcess(target, $"Replace model prices with those of {source}")) return;
        try
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var update = ParameterSetName == PathSet
                ? PricingRefresh.FromFile(source, target, today)
                : PricingRefresh.FromUriAsync(Uri, target, today, _stop.Token).GetAwaiter().GetResult();
            WriteObject(update);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or HttpRequestException or TaskCanceledException
            or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            ThrowTerminatingError(ErrorRecords.PricingUpdateFailed(ex, source));
        }
    }

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();
}
