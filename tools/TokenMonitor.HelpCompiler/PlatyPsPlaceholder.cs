using System.Text.RegularExpressions;

namespace TokenMonitor.HelpCompiler;

/// <summary>
/// New-MarkdownHelp fills empty sections with text like "{{ Fill in the Synopsis }}"; shipping that
/// is as bad as shipping nothing, so it counts as missing text.
/// </summary>
internal static partial class PlatyPsPlaceholder
{
    public static string? FindIn(IEnumerable<string> texts) =>
        texts.Select(text => Pattern().Match(text)).FirstOrDefault(match => match.Success)?.Value;

    // Only platyPS's own wording, because "{{0}}" is legitimate PowerShell (-f format escaping).
    [GeneratedRegex(@"\{\{\s*(Fill|Add|Please|Manually)\b[^}]*\}\}")]
    private static partial Regex Pattern();
}
