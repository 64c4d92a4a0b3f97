using System.Management.Automation;
using TokenMonitor.Alerts;
using TokenMonitor.Budgets;

namespace TokenMonitor.Commands;

/// <summary>The "channels" section of a budget file (JSON or .psd1), with secrets read from the environment.</summary>
internal static class ChannelFiles
{
    public static IReadOnlyList<AlertChannel> Load(PSCmdlet cmdlet, string path)
    {
        var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        try
        {
            if (!File.Exists(full)) throw new FileNotFoundException($"Cannot find the budget file '{full}'.", full);
            var json = Path.GetExtension(full).Equals(".psd1", StringComparison.OrdinalIgnoreCase) ? BudgetFiles.PowerShellData(full) : File.ReadAllBytes(full);
            return ChannelFile.Parse(json, full, Environment.GetEnvironmentVariable);
        }
        catch (ChannelFileException ex)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.InvalidChannelFile(ex, full));
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
}
