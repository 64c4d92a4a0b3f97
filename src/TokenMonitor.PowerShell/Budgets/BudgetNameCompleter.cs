using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace TokenMonitor.Commands;

/// <summary>
/// Completes -Name with the budgets of the -BudgetFile files already typed on the line, so that
/// "Test-BudgetThreshold -BudgetFile ./budgets.json -Name t&lt;Tab&gt;" offers "team". A file that cannot be read
/// completes nothing: a completer must never throw at the prompt. The store's saved budgets are not offered:
/// opening a store (possibly a PostgreSQL server) on every Tab would be too slow.
/// </summary>
public sealed class BudgetNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in Paths(fakeBoundParameters["BudgetFile"]))
        {
            try
            {
                foreach (var budget in BudgetFiles.Read(Resolve(path))) names.Add(budget.Name);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException
                                       or Budgets.BudgetFileException)
            {
                // An unreadable file is reported when the command runs, not while typing.
            }
        }

        foreach (var name in names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            var text = name.Any(c => char.IsWhiteSpace(c) || "'\"$`;,(){}@#|&<>".Contains(c)) ? $"'{name.Replace("'", "''")}'" : name;
            yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
        }
    }

    private static IEnumerable<string> Paths(object? value) => value switch
    {
        null => [],
        string one => [one],
        IEnumerable many => many.Cast<object?>().Select(o => o?.ToString()).OfType<string>(),
        _ => [value.ToString()!],
    };

    /// <summary>Relative to PowerShell's location, as the command itself would read it, not the process directory.</summary>
    private static string Resolve(string path)
    {
        // A nested pipeline on the completing runspace: its SessionStateProxy refuses calls while TabExpansion2 runs.
        using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        var location = ps.AddScript("$ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath").Invoke().FirstOrDefault()?.ToString();
        return Path.GetFullPath(path, location ?? Environment.CurrentDirectory);
    }
}
