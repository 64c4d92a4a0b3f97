using System.Globalization;
using System.Net;
using System.Text;

namespace TokenMonitor.Analytics.Report;

/// <summary>One self-contained HTML page: inline CSS and SVG, no script, no external font or image.</summary>
public static class HtmlReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(ReportData data)
    {
        var o = data.Options;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Append($"<title>{E(o.Title)}</title><style>");
        html.Append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222;max-width:960px}");
        html.Append("h1{font-size:22px}h2{font-size:17px;margin-top:28px}figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}");
        html.Append("table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:3px 10px}td.n,th.n{text-align:right}");
        html.Append(".cards{display:flex;gap:16px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px}.card b{display:block;font-size:20px}");
        html.Append("</style></head><body>\n");
        html.Append($"<h1>{E(o.Title)}</h1>\n<p>Generated {o.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Inv)} UTC; days in {E(o.TimeZone.Id)}.</p>\n");
        if (data.Days.Count == 0)
        {
            html.Append("<p>No usage records.</p></body></html>\n");
            return html.ToString();
        }

        var t = data.Total;
        html.Append("<div class=\"cards\">");
        Card(html, "Cost", Money.Format(t.Cost));
        Card(html, "Saved by caching", Money.Format(t.Saved));
        Card(html, "Requests", t.Requests.ToString("N0", Inv));
        Card(html, "Tokens", t.Tokens.ToString("N0", Inv));
        Card(html, "Cache hit rate", t.HitRate.ToString("P1", Inv));
        if (t.Unpriced > 0) Card(html, "Unpriced requests", t.Unpriced.ToString("N0", Inv));
        html.Append("</div>\n");

        html.Append(DailyCost(data)).Append(BurnDown(data)).Append(CacheHitRate(data)).Append(TopProjects(data));
        html.Append("<h2>By day</h2>\n").Append(Table(["Day", "Requests", "Tokens", "Cost", "Saved", "Cache hit"],
            data.Days.Select(d => new[] { d.Key.ToString("yyyy-MM-dd", Inv), d.Value.Requests.ToString("N0", Inv), d.Value.Tokens.ToString("N0", Inv), Money.Format(d.Value.Cost), Money.Format(d.Value.Saved), d.Value.HitRate.ToString("P1", Inv) })));
        html.Append("<h2>By model</h2>\n").Append(Table(["Model", "Requests", "Tokens", "Cost", "Saved", "Cache hit"], Rows(data.Models)));
        html.Append("<h2>By project</h2>\n").Append(Table(["Project", "Requests", "Tokens", "Cost", "Saved", "Cache hit"], Rows(data.Projects)));
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static IEnumerable<string[]> Rows(Dictionary<string, ReportData.GroupTotals> groups) =>
        groups.OrderByDescending(g => g.Value.Cost).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => new[]
        {
            g.Key, g.Value.Requests.ToString("N0", Inv), g.Value.Tokens.ToString("N0", Inv), Money.Format(g.Value.Cost), Money.Format(g.Value.Saved), g.Value.HitRate.ToString("P1", Inv),
        });

    private static void Card(StringBuilder html, string label, string value) => html.Append($"<div class=\"card\">{E(label)}<b>{E(value)}</b></div>");

    private static string Table(string[] headers, IEnumerable<string[]> rows)
    {
        var html = new StringBuilder("<table><thead><tr>");
        for (var i = 0; i < headers.Length; i++) html.Append(i == 0 ? $"<th>{E(headers[i])}</th>" : $"<th class=\"n\">{E(headers[i])}</th>");
        html.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++) html.Append(i == 0 ? $"<td>{E(row[i])}</td>" : $"<td class=\"n\">{E(row[i])}</td>");
            html.Append("</tr>\n");
        }

        return html.Append("</tbody></table>\n").ToString();
    }

    private static string DailyCost(ReportData data)
    {
        var chart = new SvgChart("daily-cost", "Daily cost by model");
        var models = data.ModelOrder();
        var days = data.Days.ToList();
        var y = chart.ValueAxis((double)days.Max(d => d.Value.Cost), v => Money.Format((decimal)v));
        var slot = chart.PlotWidth / days.Count;
        for (var i = 0; i < days.Count; i++)
        {
            var x = SvgChart.Left + i * slot + slot * 0.15;
            var stacked = 0.0;
            foreach (var (model, cost) in days[i].Value.CostByModel.OrderBy(m => Index(models, m.Key)))
            {
                var bottom = y(stacked);
                stacked += (double)cost;
                var colour = SvgChart.Palette[Math.Min(Index(models, model), SvgChart.Palette.Length - 1)];
                chart.Bar(x, y(stacked), slot * 0.7, bottom - y(stacked), colour, $"{days[i].Key:yyyy-MM-dd} {model}: {Money.Format(cost)}");
            }

            if (days.Count <= 31 || i % (days.Count / 15 + 1) == 0) chart.Text(x + slot * 0.35, SvgChart.Top + chart.PlotHeight + 14, days[i].Key.ToString("MM-dd", Inv));
        }

        for (var i = 0; i < models.Count; i++) chart.Legend(i, models[i], SvgChart.Palette[i]);
        if (data.Models.Count > models.Count) chart.Legend(models.Count, "other models", SvgChart.Palette[^1]);
        return chart.ToString();
    }

    private static int Index(List<string> models, string model)
    {
        var i = models.IndexOf(model);
        return i < 0 ? models.Count : i;
    }

    private static string BurnDown(ReportData data)
    {
        var last = data.Days.Keys.Max();
        var first = new DateOnly(last.Year, last.Month, 1);
        var end = first.AddMonths(1).AddDays(-1);
        var amount = data.Options.BudgetAmount;
        var title = amount is { } a ? $"Monthly budget {Money.Format(a)}: remaining, with forecast ({first:yyyy-MM})" : $"Spend this month, with forecast ({first:yyyy-MM})";
        var chart = new SvgChart("burn-down", title);

        var cumulative = new List<(int Day, decimal Spent)>();
        var spent = 0m;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            spent += data.Days.TryGetValue(day, out var totals) ? totals.Cost : 0m;
            cumulative.Add((day.Day, spent));
        }

        var days = end.Day;
        var perDay = spent / last.Day;
        var forecastEnd = spent + perDay * (days - last.Day);
        var max = (double)Math.Max(amount ?? 0, Math.Max(forecastEnd, spent));
        var y = chart.ValueAxis(max, v => Money.Format((decimal)v));
        double X(double day) => SvgChart.Left + (day - 1) / Math.Max(1, days - 1) * chart.PlotWidth;
        decimal Shown(decimal s) => amount is { } limit ? limit - s : s;

        var line = new StringBuilder();
        foreach (var (day, s) in cumulative) line.Append(line.Length == 0 ? "M" : "L").Append($"{SvgChart.N(X(day))} {SvgChart.N(y((double)Math.Max(0, Shown(s))))}");
        chart.Path(line.ToString(), "none", SvgChart.Palette[0], 2.5, tip: $"{Money.Format(spent)} spent by {last:yyyy-MM-dd}");
        chart.Path($"M{SvgChart.N(X(last.Day))} {SvgChart.N(y((double)Math.Max(0, Shown(spent))))}L{SvgChart.N(X(days))} {SvgChart.N(y((double)Math.Max(0, Shown(forecastEnd))))}",
            "none", SvgChart.Palette[1], 2, "6 4", $"forecast {Money.Format(forecastEnd)} by {end:yyyy-MM-dd} at {Money.Format(perDay)} a day");
        if (amount is not null) chart.Path($"M{SvgChart.Left} {SvgChart.N(y(0))}H{SvgChart.N(SvgChart.Left + chart.PlotWidth)}", "none", SvgChart.Palette[2], 1.5, "2 3");
        for (var day = 1; day <= days; day += 5) chart.Text(X(day), SvgChart.Top + chart.PlotHeight + 14, $"{first.Month:00}-{day:00}");
        chart.Legend(0, amount is null ? "spent" : "remaining", SvgChart.Palette[0]);
        chart.Legend(1, $"forecast ({Money.Format(forecastEnd)} by month end)", SvgChart.Palette[1]);
        return chart.ToString();
    }

    private static string CacheHitRate(ReportData data)
    {
        var chart = new SvgChart("cache-hit-rate", "Cache hit rate by day (cache-read tokens / prompt tokens)", height: 240);
        var days = data.Days.ToList();
        var y = chart.ValueAxis(1, v => v.ToString("P0", Inv));
        double X(int i) => SvgChart.Left + (days.Count == 1 ? chart.PlotWidth / 2 : i * chart.PlotWidth / (days.Count - 1));
        var line = new StringBuilder();
        for (var i = 0; i < days.Count; i++)
        {
            line.Append(i == 0 ? "M" : "L").Append($"{SvgChart.N(X(i))} {SvgChart.N(y(days[i].Value.HitRate))}");
            chart.Path($"M{SvgChart.N(X(i) - 3)} {SvgChart.N(y(days[i].Value.HitRate))}a3 3 0 1 0 6 0a3 3 0 1 0 -6 0", SvgChart.Palette[3],
                tip: $"{days[i].Key:yyyy-MM-dd}: {days[i].Value.HitRate.ToString("P1", Inv)}");
            if (days.Count <= 31 || i % (days.Count / 15 + 1) == 0) chart.Text(X(i), SvgChart.Top + chart.PlotHeight + 14, days[i].Key.ToString("MM-dd", Inv));
        }

        chart.Path(line.ToString(), "none", SvgChart.Palette[3], 2);
        return chart.ToString();
    }

    private static string TopProjects(ReportData data)
    {
        var top = data.Projects.OrderByDescending(p => p.Value.Cost).ThenBy(p => p.Key, StringComparer.Ordinal).Take(data.Options.TopProjects).ToList();
        var chart = new SvgChart("top-projects", "Top projects by cost", height: 50 + top.Count * 26);
        var max = (double)top.Max(p => p.Value.Cost);
        for (var i = 0; i < top.Count; i++)
        {
            var y = SvgChart.Top + i * 26;
            var w = max == 0 ? 0 : (double)top[i].Value.Cost / max * (chart.PlotWidth - 340);
            chart.Text(SvgChart.Left + 250, y + 14, top[i].Key.Length > 40 ? "…" + top[i].Key[^39..] : top[i].Key, "end");
            chart.Bar(SvgChart.Left + 256, y, Math.Max(w, 1), 18, SvgChart.Palette[4], $"{top[i].Key}: {Money.Format(top[i].Value.Cost)}");
            chart.Text(SvgChart.Left + 262 + w, y + 14, Money.Format(top[i].Value.Cost), "start");
        }

        return chart.ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
