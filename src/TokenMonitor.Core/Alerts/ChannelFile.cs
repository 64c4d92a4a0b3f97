using System.Net;
using System.Text.Json;

namespace TokenMonitor.Alerts;

/// <summary>One mistake in a file's channels section: which file, which channel, which field, and what is wrong.</summary>
public sealed record ChannelFileProblem(string File, string Channel, string Field, string Message)
{
    public override string ToString() => Budgets.FileMistakes.Describe(File, "channel", Channel, Field, Message);
}

/// <summary>A channels section was rejected; every mistake found is listed.</summary>
public sealed class ChannelFileException(IReadOnlyList<ChannelFileProblem> problems)
    : Exception(Budgets.FileMistakes.Summary(problems, "the alert channels"))
{
    public IReadOnlyList<ChannelFileProblem> Problems { get; } = problems;
}

/// <summary>
/// The "channels" section of a budget file: <c>{ "budgets": [...], "channels": [ { "name": "ops", "type": "slack",
/// "urlVariable": "SLACK_WEBHOOK", "minimumLevel": "Critical" } ] }</c>. Secrets are named by environment variable
/// (urlVariable, secretVariable, passwordVariable) so the file can be committed; a literal "url" is accepted for
/// files kept private. Field names ignore case; any mistake rejects the whole section, as budget files do.
/// </summary>
public static class ChannelFile
{
    private static readonly string[] Fields =
    [
        "name", "type", "minimumLevel", "url", "urlVariable", "secretVariable", "smtpServer", "port", "security", "from", "to",
        "userName", "passwordVariable", "path", "timeoutSec", "maximumRetryCount", "retryIntervalSec",
    ];

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The channels of a budget file (none when it has no channels section).</summary>
    /// <param name="environment">Reads an environment variable (the cmdlet passes the process environment).</param>
    public static IReadOnlyList<AlertChannel> Parse(ReadOnlyMemory<byte> json, string source, Func<string, string?> environment)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new ChannelFileException([new ChannelFileProblem(source, "", "", $"not valid JSON: {ex.Message.Split(" LineNumber")[0]}")]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return [];
            JsonElement? section = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.Equals("channels", StringComparison.OrdinalIgnoreCase)) section = property.Value;
            }

            if (section is null) return [];
            var problems = new List<ChannelFileProblem>();
            if (section.Value.ValueKind != JsonValueKind.Array)
            {
                throw new ChannelFileException([new ChannelFileProblem(source, "", "channels", "'channels' must be a list")]);
            }

            var channels = new List<AlertChannel>();
            var index = 0;
            foreach (var element in section.Value.EnumerateArray())
            {
                index++;
                if (Read(element, source, index, environment, problems) is { } channel) channels.Add(channel);
            }

            foreach (var duplicate in channels.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                problems.Add(new ChannelFileProblem(source, duplicate.Key, "name", "two channels have this name; names must be unique"));
            }

            if (problems.Count > 0) throw new ChannelFileException(problems);
            return channels;
        }
    }

    private static AlertChannel? Read(JsonElement element, string source, int index, Func<string, string?> environment, List<ChannelFileProblem> problems)
    {
        var label = $"#{index}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ChannelFileProblem(source, label, "", "a channel must be an object"));
            return null;
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject()) values[property.Name] = property.Value;
        if (values.TryGetValue("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 } given) label = given;

        var count = problems.Count;
        void Problem(string field, string message) => problems.Add(new ChannelFileProblem(source, label, field, message));
        foreach (var unknown in values.Keys.Where(k => !Fields.Contains(k, StringComparer.OrdinalIgnoreCase))) Problem(unknown, "unknown field");

        string? Text(string field)
        {
            if (!values.TryGetValue(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind == JsonValueKind.String) return v.GetString();
            Problem(field, "must be text");
            return null;
        }

        int? Whole(string field, int min, int max)
        {
            if (!values.TryGetValue(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i >= min && i <= max) return i;
            Problem(field, $"must be a whole number from {min} to {max}");
            return null;
        }

        double? Seconds(string field, double min, double max)
        {
            if (!values.TryGetValue(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && d >= min && d <= max) return d;
            Problem(field, $"must be a number of seconds from {min} to {max}");
            return null;
        }

        T? Choice<T>(string field) where T : struct, Enum
        {
            if (Text(field) is not { } text) return null;
            if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && !int.TryParse(text, out _)) return value;
            Problem(field, $"'{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}");
            return null;
        }

        // A secret from the environment; the variable's name is shown in errors, its value never.
        string? FromVariable(string field)
        {
            if (Text(field) is not { } variable) return null;
            if (environment(variable) is { Length: > 0 } value) return value;
            Problem(field, $"the environment variable '{variable}' is not set");
            return null;
        }

        var name = Text("name");
        var type = Choice<AlertChannelKind>("type");
        if (!values.ContainsKey("type")) Problem("type", "a channel needs a type: console, slack, teams, webhook, email or file");
        var minimum = Choice<AlertLevel>("minimumLevel") ?? AlertLevel.Warning;
        var delivery = new DeliveryOptions
        {
            Timeout = TimeSpan.FromSeconds(Whole("timeoutSec", 1, 600) ?? 30),
            MaximumAttempts = (Whole("maximumRetryCount", 0, 9) ?? 3) + 1,
            RetryDelay = TimeSpan.FromSeconds(Seconds("retryIntervalSec", 0, 300) ?? 1),
        };
        string? url = null;
        if (type is AlertChannelKind.Slack or AlertChannelKind.Teams or AlertChannelKind.Webhook)
        {
            url = Text("url") is { } literal ? literal : FromVariable("urlVariable");
            if (url is null && !values.ContainsKey("url") && !values.ContainsKey("urlVariable")) Problem("urlVariable", "a web channel needs 'urlVariable' (or 'url')");
        }

        if (problems.Count > count || type is null) return null;
        try
        {
            return type.Value switch
            {
                AlertChannelKind.Console => AlertChannel.Console(name, minimum),
                AlertChannelKind.Slack => AlertChannel.Slack(Address(url!), name, minimum, delivery),
                AlertChannelKind.Teams => AlertChannel.Teams(Address(url!), name, minimum, delivery),
                AlertChannelKind.Webhook => AlertChannel.Webhook(Address(url!), FromVariable("secretVariable"), name, minimum, delivery),
                AlertChannelKind.Email => Email(),
                _ => File(),
            };
        }
        catch (ArgumentException ex)
        {
            var address = ex.ParamName is "From" or "To";
            Problem(address ? "from/to" : "", address ? "not a valid email address" : ex.Message.Split(" (Parameter")[0]);
            return null;
        }

        AlertChannel Email()
        {
            var server = Text("smtpServer");
            var from = Text("from");
            var to = values.TryGetValue("to", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : Text("to") is { } one ? [one] : [];
            var user = Text("userName");
            // A user name without a password would sign in with an empty one: name the missing field instead.
            if (user is not null && !values.ContainsKey("passwordVariable")) throw new ArgumentException("a 'userName' needs 'passwordVariable', the environment variable holding the password");
            var password = user is null ? null : FromVariable("passwordVariable");
            if (server is null) throw new ArgumentException("an email channel needs 'smtpServer'");
            if (from is null) throw new ArgumentException("an email channel needs 'from'");
            if (to.Count == 0) throw new ArgumentException("an email channel needs 'to'");
            return AlertChannel.Mail(new EmailSettings
            {
                SmtpServer = server,
                Port = Whole("port", 1, 65535) ?? 0,
                Security = Choice<SmtpSecurity>("security") ?? SmtpSecurity.StartTls,
                From = from,
                To = to,
                Credential = user is null ? null : new NetworkCredential(user, password),
            }, name, minimum, delivery);
        }

        AlertChannel File()
        {
            var path = Text("path") ?? throw new ArgumentException("a file channel needs 'path'");
            var folder = Path.GetDirectoryName(Path.GetFullPath(source)) ?? "";
            return AlertChannel.File(Path.GetFullPath(Path.Combine(folder, path)), name, minimum);
        }
    }

    private static Uri Address(string text) => Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
        ? uri
        : throw new ArgumentException("the address is not an absolute URL (its text is not shown: it may hold a token)");
}
