using System.Globalization;
using System.Text;

namespace TokenMonitor.Bench;

/// <summary>
/// Writes a Claude Code projects folder shaped like a heavy user's: sessions whose cached context grows and
/// compacts, replies written as one line per content block (with streaming partials), prompts and tool
/// results between them, snapshots, subagent files, and resumed sessions that replay earlier lines verbatim.
/// </summary>
internal sealed class CorpusGenerator(CorpusOptions options)
{
    private static readonly string[] Models = ["claude-sonnet-4-5-20250929", "claude-opus-4-5-20251101", "claude-haiku-4-5-20251001", "claude-opus-4-1-20250805"];
    private static readonly int[] ModelWeights = [60, 15, 15, 10];
    private const string Filler = "The function reads the configuration, validates every field and returns a typed result so callers never see raw text. ";

    private readonly Random _random = new(options.Seed);
    private readonly StringBuilder _line = new(4096);
    private long _bytes;
    private int _files;
    private int _messageCounter;

    public (int Files, long Bytes) Write(string root)
    {
        var projectsDir = Path.Combine(root, "projects");
        Directory.CreateDirectory(projectsDir);
        var remaining = options.Responses;
        var lastLines = new List<string>[options.Projects];
        while (remaining > 0)
        {
            var project = _random.Next(options.Projects);
            var projectDir = Path.Combine(projectsDir, $"-home-dev-src-service{project:D2}");
            Directory.CreateDirectory(projectDir);
            var sessionId = NewGuid();
            var size = Math.Min(remaining, SessionLength());
            var start = options.Start.AddSeconds(_random.NextDouble() * options.Days * 86400);
            var path = Path.Combine(projectDir, sessionId + ".jsonl");
            using (var writer = Open(path))
            {
                // A resumed session starts by replaying the end of an earlier one, ids and all.
                if (lastLines[project] is { Count: > 0 } previous && _random.NextDouble() < 0.08)
                {
                    foreach (var line in previous.Skip(Math.Max(0, previous.Count - _random.Next(10, 40)))) WriteLine(writer, line);
                }

                lastLines[project] = WriteSession(writer, sessionId, start, size, sidechain: false, model: PickModel());
            }

            remaining -= size;
            if (remaining > 0 && _random.NextDouble() < 0.15)
            {
                var agentSize = Math.Min(remaining, _random.Next(5, 50));
                var agentDir = Path.Combine(projectDir, sessionId, "subagents");
                Directory.CreateDirectory(agentDir);
                using var writer = Open(Path.Combine(agentDir, $"agent-{_random.Next():x8}.jsonl"));
                WriteSession(writer, sessionId, start.AddMinutes(3), agentSize, sidechain: true, model: Models[_random.Next(2) == 0 ? 0 : 2]);
                remaining -= agentSize;
            }
        }

        return (_files, _bytes);
    }

    private int SessionLength()
    {
        // Most sessions are short; a few run for thousands of calls.
        var u = _random.NextDouble();
        return u < 0.6 ? _random.Next(20, 300) : u < 0.95 ? _random.Next(300, 2000) : _random.Next(2000, 6000);
    }

    private List<string> WriteSession(StreamWriter writer, string sessionId, DateTime start, int responses, bool sidechain, string model)
    {
        var tail = new List<string>(64);
        var time = start;
        var context = _random.Next(8_000, 20_000);
        var oneHour = _random.NextDouble() < 0.2;
        var limit = options.MaxPrompt is { } max ? Math.Min(max, 190_000) : _random.NextDouble() < 0.05 ? 260_000 : 190_000;
        string? parent = null;
        for (var i = 0; i < responses; i++)
        {
            time = time.AddSeconds(_random.Next(4, 90));
            if (_random.NextDouble() < 0.02) model = PickModel();

            var user = UserLine(sessionId, time.AddSeconds(-2), parent, sidechain);
            Emit(writer, tail, user.Line);
            parent = user.Uuid;
            if (i % 20 == 0) Emit(writer, tail, SnapshotLine(time));

            var created = _random.Next(100, 6_000);
            var input = _random.Next(1, 60);
            if (context + created + input > limit) context = _random.Next(15_000, 30_000); // compaction
            var read = context;
            var output = _random.Next(40, 2_400);
            var blocks = _random.NextDouble() < 0.55 ? 1 : _random.Next(2, 4);
            var messageId = $"msg_01{Interlocked.Increment(ref _messageCounter):x12}{_random.Next():x6}";
            var requestId = $"req_01{_random.Next():x8}{_random.Next():x8}";
            var partial = _random.NextDouble() < 0.3;
            for (var b = 0; b < blocks; b++)
            {
                // Streaming writes early blocks with a partial output count; the last block has the final one.
                var shownOutput = partial && b < blocks - 1 ? _random.Next(1, 30) : output;
                var uuid = NewGuid();
                Emit(writer, tail, AssistantLine(sessionId, time.AddMilliseconds(b * 400), parent, uuid, sidechain, model, messageId, requestId,
                    input, shownOutput, read, created, oneHour, b));
                parent = uuid;
            }

            context += created + output;
        }

        return tail;
    }

    private (string Line, string Uuid) UserLine(string sessionId, DateTime time, string? parent, bool sidechain)
    {
        var uuid = NewGuid();
        _line.Clear();
        _line.Append("{\"parentUuid\":").Append(parent is null ? "null" : $"\"{parent}\"")
            .Append(",\"isSidechain\":").Append(sidechain ? "true" : "false")
            .Append(",\"userType\":\"external\",\"cwd\":\"/home/dev/src/service\",\"sessionId\":\"").Append(sessionId)
            .Append("\",\"version\":\"2.0.42\",\"gitBranch\":\"main\",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"toolu_01")
            .Append(_random.Next().ToString("x8")).Append("\",\"type\":\"tool_result\",\"content\":\"");
        AppendText(_random.Next(20, 140));
        _line.Append("\"}]},\"uuid\":\"").Append(uuid).Append("\",\"timestamp\":\"").Append(Iso(time)).Append("\"}");
        return (_line.ToString(), uuid);
    }

    private string SnapshotLine(DateTime time)
    {
        _line.Clear();
        _line.Append("{\"type\":\"file-history-snapshot\",\"messageId\":\"").Append(NewGuid())
            .Append("\",\"snapshot\":{\"trackedFileBackups\":{\"src/app.ts\":{\"backupFileName\":\"").Append(_random.Next().ToString("x8"))
            .Append("@v2\",\"version\":2,\"backupTime\":\"").Append(Iso(time)).Append("\"}},\"timestamp\":\"").Append(Iso(time))
            .Append("\"},\"isSnapshotUpdate\":false}");
        return _line.ToString();
    }

    private string AssistantLine(string sessionId, DateTime time, string? parent, string uuid, bool sidechain, string model,
        string messageId, string requestId, int input, int output, int read, int created, bool oneHour, int block)
    {
        _line.Clear();
        _line.Append("{\"parentUuid\":").Append(parent is null ? "null" : $"\"{parent}\"")
            .Append(",\"isSidechain\":").Append(sidechain ? "true" : "false")
            .Append(",\"userType\":\"external\",\"cwd\":\"/home/dev/src/service\",\"sessionId\":\"").Append(sessionId)
            .Append("\",\"version\":\"2.0.42\",\"gitBranch\":\"main\",\"message\":{\"id\":\"").Append(messageId)
            .Append("\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"").Append(model).Append("\",\"content\":[");
        if (block == 0)
        {
            _line.Append("{\"type\":\"text\",\"text\":\"");
            AppendText(_random.Next(20, 100));
            _line.Append("\"}");
        }
        else
        {
            _line.Append("{\"type\":\"tool_use\",\"id\":\"toolu_01").Append(_random.Next().ToString("x8"))
                .Append("\",\"name\":\"Read\",\"input\":{\"file_path\":\"/home/dev/src/service/src/module").Append(block).Append(".ts\"}}");
        }

        var oneHourTokens = oneHour ? created : 0;
        _line.Append("],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":").Append(input)
            .Append(",\"cache_creation_input_tokens\":").Append(created)
            .Append(",\"cache_read_input_tokens\":").Append(read)
            .Append(",\"cache_creation\":{\"ephemeral_5m_input_tokens\":").Append(created - oneHourTokens)
            .Append(",\"ephemeral_1h_input_tokens\":").Append(oneHourTokens)
            .Append("},\"output_tokens\":").Append(output).Append(",\"service_tier\":\"standard\"}},\"requestId\":\"").Append(requestId)
            .Append("\",\"type\":\"assistant\",\"uuid\":\"").Append(uuid).Append("\",\"timestamp\":\"").Append(Iso(time)).Append("\"}");
        return _line.ToString();
    }

    private void AppendText(int length)
    {
        var start = _random.Next(Filler.Length);
        for (var i = 0; i < length; i++) _line.Append(Filler[(start + i) % Filler.Length]);
    }

    private string PickModel()
    {
        var pick = _random.Next(100);
        for (var i = 0; i < Models.Length; i++)
        {
            if (pick < ModelWeights[i]) return Models[i];
            pick -= ModelWeights[i];
        }

        return Models[0];
    }

    private void Emit(StreamWriter writer, List<string> tail, string line)
    {
        WriteLine(writer, line);
        if (tail.Count == 64) tail.RemoveAt(0);
        tail.Add(line);
    }

    private void WriteLine(StreamWriter writer, string line)
    {
        writer.Write(line);
        writer.Write('\n');
        _bytes += line.Length + 1;
    }

    private StreamWriter Open(string path)
    {
        _files++;
        return new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
    }

    private string NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private static string Iso(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
