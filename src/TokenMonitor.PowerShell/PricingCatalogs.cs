using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using TokenMonitor.Pricing;

namespace TokenMonitor.Commands;

/// <summary>Loads the layered catalog for a cmdlet: a bad pricing file ends the command with a reason naming it.</summary>
internal static class PricingCatalogs
{
    public static PriceCatalog Load(PSCmdlet cmdlet, string? pricingFile)
    {
        try
        {
            var path = pricingFile is null ? null : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(pricingFile);
            return PricingSources.Load(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.InvalidPricingFile(ex, pricingFile ?? PricingSources.DataFolder));
            throw; // not reached: ThrowTerminatingError throws
        }
    }
}

/// <summary>Completes model names from the catalog in use (the -PricingFile already typed included).</summary>
public sealed class ModelNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        PriceCatalog catalog;
        try
        {
            // Completers run on the pipeline's runspace: resolve a relative or ~ path as the command itself will.
            var file = fakeBoundParameters["PricingFile"] as string;
            if (file is not null && Runspace.DefaultRunspace is { } runspace)
            {
                file = runspace.SessionStateProxy.Path.GetUnresolvedProviderPathFromPSPath(file);
            }

            catalog = PricingSources.Load(file);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or RuntimeException)
        {
            catalog = PriceCatalog.Embedded;
        }

        var prefix = wordToComplete.Trim('\'', '"');
        return catalog.Winners.Select(e => e.Id).Where(id => id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(id => new CompletionResult(id, id, CompletionResultType.ParameterValue, id));
    }
}
