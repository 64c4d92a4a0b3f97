using System.Text;
using System.Text.RegularExpressions;

namespace TokenMonitor.Store;

/// <summary>
/// A PowerShell-style wildcard (<c>*</c>, <c>?</c>, backtick escapes) as SQL LIKE text with <c>\</c> as the escape
/// character, and as a regular expression for values filtered after the query (tags, kept as a JSON array).
/// </summary>
internal sealed class StorePattern
{
    private readonly Regex _regex;

    public StorePattern(string pattern)
    {
        var like = new StringBuilder();
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '`' && i + 1 < pattern.Length)
            {
                c = pattern[++i];
                AppendLiteral(like, regex, c);
            }
            else if (c == '*')
            {
                like.Append('%');
                regex.Append(".*");
            }
            else if (c == '?')
            {
                like.Append('_');
                regex.Append('.');
            }
            else
            {
                AppendLiteral(like, regex, c);
            }
        }

        Like = like.ToString();
        _regex = new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    /// <summary>The LIKE pattern, to be used with <c>ESCAPE '\'</c>.</summary>
    public string Like { get; }

    public bool Matches(string? value) => value is not null && _regex.IsMatch(value);

    private static void AppendLiteral(StringBuilder like, StringBuilder regex, char c)
    {
        if (c is '%' or '_' or '\\') like.Append('\\');
        like.Append(c);
        regex.Append(Regex.Escape(c.ToString()));
    }
}
