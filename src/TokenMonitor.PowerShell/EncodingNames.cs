using System.Management.Automation;
using System.Management.Automation.Language;
using System.Collections;

namespace TokenMonitor.Commands;

/// <summary>The encoding names PowerShell users type (as Get-Content's -Encoding takes them), and code pages.</summary>
internal static class EncodingNames
{
    public static readonly string[] Known = ["utf8", "utf8BOM", "utf8NoBOM", "unicode", "bigendianunicode", "utf32", "ascii", "latin1"];

    public static System.Text.Encoding? Find(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" => null,
        "utf8" or "utf8bom" or "utf8nobom" or "utf-8" => System.Text.Encoding.UTF8,
        "unicode" or "utf16" or "utf-16" or "utf-16le" => System.Text.Encoding.Unicode,
        "bigendianunicode" or "utf-16be" => System.Text.Encoding.BigEndianUnicode,
        "utf32" or "utf-32" => System.Text.Encoding.UTF32,
        "ascii" => System.Text.Encoding.ASCII,
        "latin1" or "iso-8859-1" => System.Text.Encoding.Latin1,
        _ when int.TryParse(name, out var codePage) => System.Text.Encoding.GetEncoding(codePage),
        _ => System.Text.Encoding.GetEncoding(name),
    };
}

public sealed class EncodingNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        EncodingNames.Known.Where(n => n.StartsWith(wordToComplete, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
}
