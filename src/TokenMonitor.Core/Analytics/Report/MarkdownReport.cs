using System.Globalization;
using System.Net;
using System.Text;

namespace TokenMonitor.Analytics.Report;

/// <summary>The same figures as Markdown tables, for CI job summaries ($GITHUB_STEP_SUMMARY).</summary>
public static class MarkdownReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(ReportData data)
    {
        var md = new StringBuilder($"# {data.Options.Title}\n\n");
        var t = data.Total;
        md.Append($"**{Money.Format(t.Cost)}** over {t.Requests.ToString("N0", Inv)} requests and {t.Tokens.ToString("N0", Inv)} tokens; caching saved {Money.Format(t.Saved)} (hit rate {t.HitRate.ToString("P1", Inv)}).");
        if (t.Unpriced > 0) md.Append($" {t.Unpriced.ToString("N0", Inv)} requests have no price.");
        md.Append("\n\n## By day\n\n| Day | Requests | Tokens | Cost | Saved | Cache hit |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (var (day, d) in data.Days) md.Append($"| {day.ToString("yyyy-MM-dd", Inv)} | {d.Requests.ToString("N0", Inv)} | {d.Tokens.ToString("N0", Inv)} | {Money.Format(d.Cost)} | {Money.Format(d.Saved)} | {d.HitRate.ToString("P1", Inv)} |\n");
        Groups(md, "By model", "Model", data.Models);
        Groups(md, "Top projects", "Project", data.Projects.OrderByDescending(p => p.Value.Cost).Take(data.Options.TopProjects).ToDictionary());
        return md.ToString();
    }

    private static void Groups(StringBuilder md, string title, string key, Dictionary<string, ReportData.GroupTotals> groups)
    {
        md.Append($"\n## {title}\n\n| {key} | Requests | Tokens | Cost | Saved | Cache hit |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (var (name, g) in groups.OrderByDescending(g => g.Value.Cost).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            md.Append($"| {Cell(name)} | {g.Requests.ToString("N0", Inv)} | {g.Tokens.ToString("N0", Inv)} | {Money.Format(g.Cost)} | {Money.Format(g.Saved)} | {g.HitRate.ToString("P1", Inv)} |\n");
        }
    }

    /// <summary>A name as table text: HTML-escaped so GitHub keeps "&lt;synthetic&gt;", and Markdown's own marks escaped.</summary>
    private static string Cell(string text)
    {
        var html = WebUtility.HtmlEncode(text);
        var cell = new StringBuilder(html.Length);
        foreach (var c in html)
        {
            if (c is '|' or '\\' or '*' or '_' or '`' or '[' or ']') cell.Append('\\');
            cell.Append(c);
        }

        return cell.ToString();
    }
}
