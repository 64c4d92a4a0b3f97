using System.Text;
using System.Text.RegularExpressions;

namespace TokenMonitor.Store;

/// <summary>
/// A PowerShell-style wildcard (<c>*</c>, <c>?</c>, <c>[…]</c> classes, backtick escapes) as SQL LIKE text with <c>\</c> as the escape
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
                AppendLiteral(like, regex, c, Exact);
            }
            else if (c == '*')
            {
                if (Exact) like.Append('%');
                regex.Append(".*");
            }
            else if (c == '?')
            {
                if (Exact) like.Append('_');
                regex.Append('.');
            }
            else if (c == '[' && ClassEnd(pattern, i) is var end and > 0)
            {
                // A character class ([so], [a-c]), which LIKE cannot say: SQL narrows by what comes before the
                // first one (LIKE 'prefix%'), and the rows it returns are matched against the whole pattern here.
                if (Exact) like.Append('%');
                Exact = false;
                regex.Append('[').Append(ClassBody(pattern, i + 1, end)).Append(']');
                i = end;
            }
            else
            {
                AppendLiteral(like, regex, c, Exact);
            }
        }

        Like = like.ToString();
        _regex = new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    /// <summary>The LIKE pattern, to be used with <c>ESCAPE '\'</c>; when not <see cref="Exact"/>, a superset to narrow by.</summary>
    public string Like { get; }

    /// <summary>Whether <see cref="Like"/> says all the pattern does; else rows must also pass <see cref="Matches"/>.</summary>
    public bool Exact { get; private set; } = true;

    public bool Matches(string? value) => value is not null && _regex.IsMatch(value);

    private static void AppendLiteral(StringBuilder like, StringBuilder regex, char c, bool toLike)
    {
        if (toLike)
        {
            if (c is '%' or '_' or '\\') like.Append('\\');
            like.Append(c);
        }

        regex.Append(Regex.Escape(c.ToString()));
    }

    /// <summary>Where the class opened at <paramref name="open"/> closes (a backtick escapes a <c>]</c>), or -1: then the <c>[</c> is literal.</summary>
    private static int ClassEnd(string pattern, int open)
    {
        for (var i = open + 1; i < pattern.Length; i++)
        {
            if (pattern[i] == '`') i++;
            else if (pattern[i] == ']' && i > open + 1) return i;
        }

        return -1;
    }

    /// <summary>The class's characters and ranges (<c>a-c</c>), as PowerShell's WildcardPattern reads them, escaped for a regex class.</summary>
    private static string ClassBody(string pattern, int from, int end)
    {
        var body = new StringBuilder();
        for (var i = from; i < end; i++)
        {
            var c = pattern[i];
            if (c == '`' && i + 1 < end) c = pattern[++i];
            else if (c == '-' && body.Length > 0 && i + 1 < end)
            {
                body.Append('-');
                continue;
            }

            if (c is '\\' or ']' or '[' or '^' or '-') body.Append('\\');
            body.Append(c);
        }

        return body.ToString();
    }
}
