using Markdig.Extensions.Yaml;

namespace TokenMonitor.HelpCompiler;

/// <summary>The flat "key: value" header platyPS writes above each page.</summary>
internal static class FrontMatter
{
    public const string ExternalHelpFile = "external help file";
    public const string OnlineVersion = "online version";

    public static Dictionary<string, string> Read(YamlFrontMatterBlock? block)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (block is null)
        {
            return values;
        }

        foreach (var line in block.Lines.Lines.Take(block.Lines.Count))
        {
            var text = line.Slice.ToString();
            var colon = text.IndexOf(':');
            if (colon > 0)
            {
                values[text[..colon].Trim()] = text[(colon + 1)..].Trim();
            }
        }

        return values;
    }
}
