using System.Globalization;
using System.Net;
using System.Text;

namespace TokenMonitor.Analytics.Report;

/// <summary>
/// Inline SVG drawn by hand: every mark is a path (bars too), so the report needs no script, no font and no network
/// to view, and a test can count the paths that survived rendering.
/// </summary>
internal sealed class SvgChart(string id, string title, int width = 900, int height = 300)
{
    public const int Left = 70, Right = 20, Top = 30, Bottom = 40;
    public static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"];
    private readonly StringBuilder _body = new();
    private readonly StringBuilder _legend = new();
    private int _legendRows;
    public int Width => width;
    public int Height => height;
    public double PlotWidth => width - Left - Right;
    public double PlotHeight => height - Top - Bottom;

    public static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public void Path(string d, string fill, string stroke = "none", double strokeWidth = 0, string? dash = null, string? tip = null)
    {
        _body.Append($"<path d=\"{d}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{N(strokeWidth)}\"");
        if (dash is not null) _body.Append($" stroke-dasharray=\"{dash}\"");
        _body.Append(tip is null ? "/>" : $"><title>{WebUtility.HtmlEncode(tip)}</title></path>");
        _body.Append('\n');
    }

    public void Bar(double x, double y, double w, double h, string fill, string? tip = null)
    {
        if (h <= 0 || w <= 0) return;
        Path($"M{N(x)} {N(y)}h{N(w)}v{N(h)}h{N(-w)}Z", fill, tip: tip);
    }

    public void Text(double x, double y, string text, string anchor = "middle", int size = 11) =>
        _body.Append($"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"#333\">{WebUtility.HtmlEncode(text)}</text>\n");

    public void Legend(int index, string label, string colour)
    {
        var x = Left + index % 4 * 210;
        var y = Top + (int)PlotHeight + 32 + index / 4 * 15;
        _legendRows = Math.Max(_legendRows, index / 4 + 1);
        _legend.Append($"<path d=\"M{x} {y - 8}h10v10h-10Z\" fill=\"{colour}\"/><text x=\"{x + 14}\" y=\"{y + 1}\" font-size=\"11\" fill=\"#333\">{WebUtility.HtmlEncode(label)}</text>\n");
    }

    /// <summary>Axes with a few round ticks on the value axis; returns the y of a value.</summary>
    public Func<double, double> ValueAxis(double max, Func<double, string> label)
    {
        max = Nice(max);
        Path($"M{Left} {Top}V{N(Top + PlotHeight)}H{N(Left + PlotWidth)}", "none", "#999", 1);
        for (var i = 0; i <= 4; i++)
        {
            var v = max * i / 4;
            var y = Top + PlotHeight - PlotHeight * i / 4;
            if (i > 0) Path($"M{Left} {N(y)}H{N(Left + PlotWidth)}", "none", "#e5e5e5", 1);
            Text(Left - 6, y + 4, label(v), "end");
        }

        return v => Top + PlotHeight - (max == 0 ? 0 : v / max * PlotHeight);
    }

    private static double Nice(double max)
    {
        if (max <= 0) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= max) return step * magnitude;
        }

        return 10 * magnitude;
    }

    public override string ToString() =>
        $"<figure><figcaption>{WebUtility.HtmlEncode(title)}</figcaption><svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height + _legendRows * 15}\" width=\"{width}\" height=\"{height + _legendRows * 15}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\">\n{_body}{_legend}</svg></figure>\n";
}
