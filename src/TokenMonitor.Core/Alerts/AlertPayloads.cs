using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TokenMonitor.Alerts;

/// <summary>
/// The bodies each channel posts. Written with Utf8JsonWriter so every string is escaped by the JSON writer, never
/// concatenated. Money is written as JSON numbers from decimal (exact), in USD.
/// </summary>
public static class AlertPayloads
{
    /// <summary>The version of the generic webhook body; a change that removes or renames a field raises it.</summary>
    public const int WebhookVersion = 1;

    /// <summary>The generic webhook and JSONL body (documented in Send-UsageAlert's help and docs/alerts.md).</summary>
    public static byte[] Webhook(AlertMessage m, string channel, DateTimeOffset at) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "tokenmonitor.alert");
        w.WriteNumber("version", WebhookVersion);
        w.WriteString("id", EventId(m));
        w.WriteString("at", at.ToUniversalTime());
        w.WriteString("channel", channel);
        w.WriteString("budget", m.Budget);
        w.WriteString("level", m.Level.ToString());
        Text(w, "period", m.Period);
        Text(w, "scope", m.Scope);
        Time(w, "periodStart", m.PeriodStart);
        Time(w, "periodEnd", m.PeriodEnd);
        w.WriteString("currency", "USD");
        Number(w, "spent", m.Spent);
        Number(w, "limit", m.Limit);
        Number(w, "percent", m.Percent);
        Number(w, "remaining", m.Remaining);
        Number(w, "forecast", m.Forecast);
        w.WriteBoolean("forecastToExceed", m.ForecastToExceed);
        w.WriteString("summary", m.Summary);
        Text(w, "action", m.Action);
        w.WriteString("text", m.Text);
        w.WriteEndObject();
    });

    /// <summary>A Slack incoming-webhook message: fallback text for notifications plus Block Kit blocks.</summary>
    public static byte[] Slack(AlertMessage m) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("text", $"{m.Title}: {m.Summary}");
        w.WriteStartArray("blocks");

        w.WriteStartObject();
        w.WriteString("type", "header");
        PlainText(w, "text", Clip($"{Emoji(m.Level)} {m.Title}", 150));
        w.WriteEndObject();

        w.WriteStartObject();
        w.WriteString("type", "section");
        w.WriteStartObject("text");
        w.WriteString("type", "mrkdwn");
        w.WriteString("text", Clip(SlackEscape(m.Summary), 3000));
        w.WriteEndObject();
        var facts = Facts(m).ToList();
        if (facts.Count > 0)
        {
            w.WriteStartArray("fields");
            foreach (var (name, value) in facts.Take(10))
            {
                w.WriteStartObject();
                w.WriteString("type", "mrkdwn");
                w.WriteString("text", $"*{name}*\n{SlackEscape(value)}");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();

        if (m.Action is { } action)
        {
            w.WriteStartObject();
            w.WriteString("type", "context");
            w.WriteStartArray("elements");
            w.WriteStartObject();
            w.WriteString("type", "mrkdwn");
            w.WriteString("text", Clip(SlackEscape(action), 3000));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// A Teams Workflows ("When a Teams webhook request is received") message: one Adaptive Card attachment with the
    /// summary, a fact set and the action, as the Post card in a chat or channel action expects.
    /// </summary>
    public static byte[] Teams(AlertMessage m) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "message");
        w.WriteStartArray("attachments");
        w.WriteStartObject();
        w.WriteString("contentType", "application/vnd.microsoft.card.adaptive");
        w.WriteNull("contentUrl");
        w.WriteStartObject("content");
        w.WriteString("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        w.WriteString("type", "AdaptiveCard");
        w.WriteString("version", "1.4");
        w.WriteStartArray("body");

        TextBlock(w, m.Title, weight: "Bolder", size: "Medium", color: m.Level >= AlertLevel.Critical ? "Attention" : m.Level == AlertLevel.Warning ? "Warning" : "Default");
        TextBlock(w, m.Summary);
        var facts = Facts(m).ToList();
        if (facts.Count > 0)
        {
            w.WriteStartObject();
            w.WriteString("type", "FactSet");
            w.WriteStartArray("facts");
            foreach (var (name, value) in facts)
            {
                w.WriteStartObject();
                w.WriteString("title", name);
                w.WriteString("value", value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        if (m.Action is { } action) TextBlock(w, action, weight: "Bolder");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The plain-text body of an email.</summary>
    public static string EmailBody(AlertMessage m)
    {
        var text = new StringBuilder();
        text.AppendLine(m.Summary).AppendLine();
        foreach (var (name, value) in Facts(m)) text.Append(name).Append(": ").AppendLine(value);
        if (m.Action is { } action) text.AppendLine().AppendLine(action);
        text.AppendLine().AppendLine("Sent by TokenMonitor (Send-UsageAlert).");
        return text.ToString();
    }

    /// <summary>A stable id of the event (budget, period, level) so a receiver can drop a retried duplicate.</summary>
    public static string EventId(AlertMessage m) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{m.Budget}\n{m.EventPeriod}\n{m.Level}")))[..32].ToLowerInvariant();

    /// <summary>The figures a reader scans for: budget, period, spent of limit, forecast.</summary>
    public static IEnumerable<(string Name, string Value)> Facts(AlertMessage m)
    {
        var inv = CultureInfo.InvariantCulture;
        yield return ("Budget", m.Budget);
        yield return ("Level", m.Level.ToString());
        if (m.Period is { } period)
        {
            var window = m.PeriodStart is { } start ? $"{period}, from {start.UtcDateTime.ToString("yyyy-MM-dd HH:mm", inv)} UTC" : period;
            if (m.PeriodEnd is { } end) window += $" to {end.UtcDateTime.ToString("yyyy-MM-dd HH:mm", inv)} UTC";
            yield return ("Period", window);
        }

        if (m.Spent is { } spent)
        {
            yield return ("Spent", m.Limit is { } limit
                ? $"{Money.Format(spent)} of {Money.Format(limit)}{(m.Percent is { } p ? $" ({p.ToString("0.#", inv)}%)" : "")}"
                : Money.Format(spent));
        }

        if (m.Forecast is { } forecast) yield return ("Forecast", Money.Format(forecast) + (m.ForecastToExceed ? " (over the limit)" : ""));
    }

    private static string Emoji(AlertLevel level) => level switch
    {
        AlertLevel.Exceeded => ":rotating_light:",
        AlertLevel.Critical => ":red_circle:",
        AlertLevel.Warning => ":warning:",
        _ => ":information_source:",
    };

    // Slack reads &, < and > as markup (links, mentions): escaped as its docs require so a budget name cannot ping a channel.
    private static string SlackEscape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static void PlainText(Utf8JsonWriter w, string property, string text)
    {
        w.WriteStartObject(property);
        w.WriteString("type", "plain_text");
        w.WriteString("text", text);
        w.WriteBoolean("emoji", true);
        w.WriteEndObject();
    }

    private static void TextBlock(Utf8JsonWriter w, string text, string? weight = null, string? size = null, string? color = null)
    {
        w.WriteStartObject();
        w.WriteString("type", "TextBlock");
        w.WriteString("text", text);
        w.WriteBoolean("wrap", true);
        if (weight is not null) w.WriteString("weight", weight);
        if (size is not null) w.WriteString("size", size);
        if (color is not null) w.WriteString("color", color);
        w.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v) w.WriteString(name, v.ToUniversalTime());
        else w.WriteNull(name);
    }

    private static void Number(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            body(writer);
        }

        return stream.ToArray();
    }
}
