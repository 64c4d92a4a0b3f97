using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using TokenMonitor.Budgets;

namespace TokenMonitor.Commands;

/// <summary>
/// Budget files in JSON or as PowerShell data (.psd1). A .psd1 is read with PowerShell's own parser as data only
/// (no code runs) and handed to the engine as JSON, so both kinds follow one set of rules and error messages.
/// </summary>
internal static class BudgetFiles
{
    public static IReadOnlyList<Budget> Load(PSCmdlet cmdlet, string path)
    {
        var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        try
        {
            return Read(full);
        }
        catch (BudgetFileException ex)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.InvalidBudgetFile(ex, full));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.UnreadableBudgetFile(ex, full));
        }

        return []; // not reached: ThrowTerminatingError throws
    }

    /// <summary>The budgets of a file given by its full path; throws BudgetFileException or an I/O exception.</summary>
    public static IReadOnlyList<Budget> Read(string full)
    {
        if (!File.Exists(full)) throw new FileNotFoundException($"Cannot find the budget file '{full}'.", full);
        return Path.GetExtension(full).Equals(".psd1", StringComparison.OrdinalIgnoreCase)
            ? BudgetFile.Parse(PowerShellData(full), full)
            : BudgetFile.Read(full);
    }

    internal static byte[] PowerShellData(string path)
    {
        var ast = Parser.ParseFile(path, out _, out var errors);
        if (errors.Length > 0)
        {
            var first = errors[0];
            throw new BudgetFileException([new BudgetFileProblem(path, "", "",
                $"not valid PowerShell data at line {first.Extent.StartLineNumber}, column {first.Extent.StartColumnNumber}: {first.Message}")]);
        }

        if (ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false) is not HashtableAst table)
        {
            throw new BudgetFileException([new BudgetFileProblem(path, "", "", "expected a hashtable such as @{ Budgets = @( @{ Name = 'team'; Amount = 200 } ) }")]);
        }

        object value;
        try
        {
            value = table.SafeGetValue();
        }
        catch (InvalidOperationException ex)
        {
            throw new BudgetFileException([new BudgetFileProblem(path, "", "", $"only data is allowed (no commands or variables): {ex.Message}")]);
        }

        return PSObjectJson.ToUtf8(PSObject.AsPSObject(value is Hashtable h ? h : value));
    }
}
