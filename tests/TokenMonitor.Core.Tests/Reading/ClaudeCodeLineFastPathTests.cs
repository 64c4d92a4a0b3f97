using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Xunit;
using TokenMonitor.Reading;

namespace TokenMonitor.Tests.Reading;

/// <summary>
/// The fast path for compact Claude Code lines may only ever agree with the general scanner: every line it accepts
/// reads to the same raw entry, and every line it cannot read exactly is handed over.
/// </summary>
public class ClaudeCodeLineFastPathTests
{
    private const string Assistant =
        """{"parentUuid":"0a52d92a-bf59-475c-5e9f-4733bfc9b151","isSidechain":false,"userType":"external","cwd":"/home/dev/src/service","sessionId":"00256fb3-2db2-75c2-e0a2-2d958632ba14","version":"2.0.42","gitBranch":"main","message":{"id":"msg_0100000001ded42eae2838","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001","content":[{"type":"text","text":"n reads the configuration, validates every field and returns a typed r"}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":28,"cache_creation_input_tokens":4775,"cache_read_input_tokens":8531,"cache_creation":{"ephemeral_5m_input_tokens":4775,"ephemeral_1h_input_tokens":0},"output_tokens":1120,"service_tier":"standard"}},"requestId":"req_01465ea23f5024ddd4","type":"assistant","uuid":"ad3c19cc-dd05-b82e-6f9a-6299f4ede21a","timestamp":"2026-11-12T22:39:18.329Z"}""";

    private const string ToolUse =
        """{"parentUuid":null,"isSidechain":true,"userType":"external","cwd":"/w","sessionId":"s-1","version":"2.1.3","message":{"id":"msg_01X","type":"message","role":"assistant","model":"claude-opus-4-5","content":[{"type":"thinking","thinking":"Plan: \"quote\", tab\t, caf\u00e9 \\ done","signature":"abc/def=="},{"type":"tool_use","id":"toolu_1","name":"Edit","input":{"file_path":"/w/a.cs","old_string":"x = 1;\n","new_string":"x = -2.5e-3;\n","replace_all":false,"lines":[1,2,[3,{"deep":null}]],"ratio":0.25}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":3,"cache_creation_input_tokens":0,"cache_read_input_tokens":120000,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":212,"service_tier":"priority","speed":"fast","server_tool_use":{"web_search_requests":0}}},"requestId":null,"type":"assistant","uuid":"u-2","timestamp":"2026-11-13T01:02:03Z","agentId":"a1"}""";

    private const string User =
        """{"parentUuid":"p","isSidechain":false,"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_1","type":"tool_result","content":"total tokens: 12 \u2014 ok"}]},"uuid":"u-3","timestamp":"2026-11-13T01:02:04.1234567Z","toolUseResult":{"stdout":"","interrupted":false}}""";

    private const string Sparse =
        """{"message":{"usage":{"input_tokens":null,"output_tokens":0,"cache_creation":null}},"sessionId":null,"timestamp":null}""";

    public static TheoryData<string> CompactLines => [Assistant, ToolUse, User, Sparse, """{"message":null}""", "{}", """{"":1,"message":{"":[],"usage":{"":{}}}}"""];

    [Theory]
    [MemberData(nameof(CompactLines))]
    public void Compact_lines_take_the_fast_path_and_read_as_the_general_scanner_reads_them(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var fast = default(RawEntry);
        Assert.True(ClaudeCodeLineFastPath.TryScan(bytes, ref fast, new ScanCache()));
        var general = default(RawEntry);
        UsageJsonScanner.ScanGeneral(bytes, ref general, new ScanCache());
        Assert.Equal("", Differences(general, fast));
    }

    [Fact]
    public void The_assistant_line_is_read_in_full()
    {
        var e = default(RawEntry);
        Assert.True(ClaudeCodeLineFastPath.TryScan(Encoding.UTF8.GetBytes(Assistant), ref e, new ScanCache()));
        Assert.Equal(("msg_0100000001ded42eae2838", "req_01465ea23f5024ddd4", "claude-haiku-4-5-20251001"), (e.MessageId, e.RequestId, e.MessageModel));
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 22, 39, 18, 329, TimeSpan.Zero), e.Timestamp);
        Assert.Equal((28L, 1120L, 4775L, 8531L, 4775L, 0L), (e.MessageUsage.InputTokens, e.MessageUsage.OutputTokens,
            e.MessageUsage.CacheCreationInputTokens, e.MessageUsage.CacheReadInputTokens, e.MessageUsage.Ephemeral5mInputTokens,
            e.MessageUsage.Ephemeral1hInputTokens));
        Assert.Equal(("assistant", "standard", false), (e.Type, e.MessageUsage.ServiceTier, e.IsSidechain));
    }

    [Theory]
    [InlineData("""{"message": {"usage":{"input_tokens":1}}}""")]                                         // whitespace
    [InlineData("""{"\u006dessage":{"usage":{"input_tokens":1}}}""")]                                     // an escaped name
    [InlineData("""{"costUSD":0.25,"message":{"usage":{"input_tokens":1}}}""")]                           // a name read elsewhere
    [InlineData("""{"usage":{"input_tokens":1}}""")]
    [InlineData("""{"message":{"usage":{"prompt_tokens":1}}}""")]
    [InlineData("""{"message":{"usage":{"cache_creation":{"cached_tokens":1}}}}""")]
    [InlineData("""{"message":{"usage":{"input_tokens":1.5}}}""")]
    [InlineData("""{"message":{"usage":{"input_tokens":-1}}}""")]
    [InlineData("""{"message":{"usage":{"input_tokens":1e3}}}""")]
    [InlineData("""{"message":{"usage":{"input_tokens":01}}}""")]
    [InlineData("""{"message":{"usage":{"input_tokens":10000000000000}}}""")]
    [InlineData("""{"message":{"usage":{"input_tokens":"5"}}}""")]
    [InlineData("""{"message":[],"timestamp":"2026-11-12T22:39:18Z"}""")]
    [InlineData("""{"timestamp":"2026-11-12T22:39:18+02:00"}""")]
    [InlineData("""{"timestamp":"2026-02-30T22:39:18Z"}""")]
    [InlineData("""{"timestamp":"1970-01-01T00:00:00Z"}""")]
    [InlineData("""{"timestamp":"2026-11-12T22:39:18.12345678Z"}""")]
    [InlineData("""{"sessionId":"caf\u00e9"}""")]                                                         // an escaped value that is kept
    [InlineData("""{"isSidechain":"no"}""")]
    [InlineData("""{"custom_id":"r1","response":{"status_code":200,"body":{"usage":{"prompt_tokens":1}}}}""")]
    [InlineData("""{"type":"assistant"} """)]
    [InlineData("""{"type":"assistant"}{}""")]
    [InlineData("""{"type":"assistant","message":{"id":"m","usage":{"input_tokens":1}""")]               // cut short
    [InlineData("""{"a":"bad \x escape"}""")]
    [InlineData("""{"a":[1,2,]}""")]
    [InlineData("""{"a":tru}""")]
    [InlineData("""{"a":-}""")]
    [InlineData("""{"a":1.}""")]
    [InlineData("""{"a":.5}""")]
    [InlineData("""[{"a":1}]""")]
    public void Other_shapes_are_left_to_the_general_scanner(string line)
    {
        var e = default(RawEntry);
        Assert.False(ClaudeCodeLineFastPath.TryScan(Encoding.UTF8.GetBytes(line), ref e, new ScanCache()));
    }

    [Fact]
    public void Bytes_the_general_scanner_rejects_inside_strings_are_handed_over()
    {
        foreach (var bad in new byte[] { 0x01, 0x0A, 0x1F })
        {
            var bytes = Encoding.UTF8.GetBytes("""{"cwd":"a_b","type":"user"}""");
            bytes[9] = bad;
            var e = default(RawEntry);
            Assert.False(ClaudeCodeLineFastPath.TryScan(bytes, ref e, new ScanCache()));
        }

        var id = Encoding.UTF8.GetBytes("""{"sessionId":"a_b"}""");
        id[15] = 0xFF; // invalid UTF-8 in a value that becomes a string
        var entry = default(RawEntry);
        Assert.False(ClaudeCodeLineFastPath.TryScan(id, ref entry, new ScanCache()));
    }

    [Fact]
    public void Deep_nesting_is_left_to_the_general_scanner()
    {
        var line = "{\"a\":" + new string('[', 70) + new string(']', 70) + "}";
        var e = default(RawEntry);
        Assert.False(ClaudeCodeLineFastPath.TryScan(Encoding.UTF8.GetBytes(line), ref e, new ScanCache()));
    }

    /// <summary>A name added to the general scanner must be known here, or the fast path could read its line differently.</summary>
    [Fact]
    public void General_names_are_every_name_the_general_scanner_compares()
    {
        var folder = Path.Combine(RepoPaths.Root, "src", "TokenMonitor.Core", "Reading");
        var names = Directory.GetFiles(folder, "UsageJsonScanner*.cs")
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"([A-Za-z0-9_]+)\"u8").Select(m => m.Groups[1].Value))
            .Where(n => n != "rumcRsiopdat") // the envelope initials, not a name
            .ToHashSet();
        Assert.Equal(names.Order(), ClaudeCodeLineFastPath.GeneralNames.Order());
    }

    private static readonly byte[] Palette = Encoding.UTF8.GetBytes("\"\\{}[],:0123456789-+.eE tfnulrsa/u")
        .Concat(new byte[] { 0x00, 0x01, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xC3, 0xE2, 0xFF }).ToArray();

    private static readonly string[] Templates = [Assistant, ToolUse, User, Sparse];

    /// <summary>Damage anywhere in a line: the fast path either reads exactly what the general scanner reads, or declines.</summary>
    [Property(MaxTest = 3000)]
    public bool Damaged_lines_are_read_as_the_general_scanner_reads_them_or_handed_over(int seed)
    {
        var random = new Random(seed);
        var bytes = Encoding.UTF8.GetBytes(Templates[random.Next(Templates.Length)]).ToList();
        for (var k = random.Next(1, 4); k > 0 && bytes.Count > 1; k--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] = Palette[random.Next(Palette.Length)]; break;
                case 1: bytes.RemoveAt(at); break;
                case 2: bytes.Insert(at, Palette[random.Next(Palette.Length)]); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        var line = bytes.ToArray();
        var fast = default(RawEntry);
        var accepted = ClaudeCodeLineFastPath.TryScan(line, ref fast, new ScanCache());
        if (!accepted) return true;

        var general = default(RawEntry);
        try
        {
            UsageJsonScanner.ScanGeneral(line, ref general, new ScanCache());
        }
        catch (Exception ex) when (ex is JsonException or UsageFormatException or InvalidOperationException or FormatException)
        {
            throw new InvalidOperationException($"accepted a line the general scanner rejects ({ex.Message}): {Encoding.Latin1.GetString(line)}");
        }

        var differences = Differences(general, fast);
        return differences.Length == 0
            ? true
            : throw new InvalidOperationException($"read differently ({differences}): {Encoding.Latin1.GetString(line)}");
    }

    /// <summary>Null when the fast path declines or reads the line as the general scanner does; else what went wrong.</summary>
    private static string? Mismatch(byte[] line)
    {
        var fast = default(RawEntry);
        if (!ClaudeCodeLineFastPath.TryScan(line, ref fast, new ScanCache())) return null;
        var general = default(RawEntry);
        try
        {
            UsageJsonScanner.ScanGeneral(line, ref general, new ScanCache());
        }
        catch (Exception ex)
        {
            return $"accepted a line the general scanner rejects: {ex.Message}";
        }

        var differences = Differences(general, fast);
        return differences.Length == 0 ? null : "read differently: " + differences;
    }

    // Corners single-byte damage rarely reaches (raw bytes as \xNN, read as Latin-1): overlong and surrogate UTF-8,
    // surrogate escapes, duplicate names, counts and times at their limits, numbers the grammar allows or not, strings
    // ending on each side of a vector's width.
    public static TheoryData<string> Corners =>
    [
        "{\"cwd\":\"\xff\"}", "{\"cwd\":\"\xc0\x80\"}", "{\"cwd\":\"\xed\xa0\x80\"}", "{\"\xff\":1}", "{\"message\":{\"x\":\"\xff\"}}",
        "{\"sessionId\":\"\xc0\x80\"}", "{\"sessionId\":\"\xf4\x90\x80\x80\"}",
        """{"cwd":"\uD800"}""", """{"message":{"content":"\uDFFF"}}""",
        """{"timestamp":"2026-11-12T22:39:18.1234567Z"}""", """{"timestamp":"2026-11-12T22:39:18.1Z"}""",
        """{"timestamp":"2099-12-31T23:59:59.9999999Z"}""", """{"timestamp":"2000-01-01T00:00:00Z"}""", """{"timestamp":"2024-02-29T00:00:00Z"}""",
        """{"timestamp":"2026-11-12T24:00:00Z"}""", """{"timestamp":"2026-11-12T22:39:60Z"}""", """{"timestamp":"2026-11-12t22:39:18z"}""",
        """{"timestamp":"2100-01-01T00:00:00Z"}""", """{"timestamp":"2026-11-12T22:39:18.Z"}""",
        """{"message":{"usage":{"input_tokens":1000000000000}}}""", """{"message":{"usage":{"input_tokens":1000000000001}}}""",
        """{"message":{"usage":{"input_tokens":9999999999999}}}""", """{"message":{"usage":{"input_tokens":-0}}}""",
        """{"isSidechain":true,"isSidechain":null}""", """{"message":{"usage":{"input_tokens":1}},"message":null}""",
        """{"message":{"usage":{"input_tokens":1},"usage":null}}""", """{"message":{"usage":{"input_tokens":1}},"message":{"usage":{"output_tokens":2}}}""",
        """{"message":{"usage":{"cache_creation":{"ephemeral_5m_input_tokens":1},"cache_creation":null}}}""",
        """{"a":1e400}""", """{"a":-0.0e-0}""", """{"a":123456789012345678901234567890}""", """{"a":[{},[],"",0,true,false,null]}""",
        """{"message":{"usage":{"input_tokens":null,"server_tool_use":{"x":[1,{"input_tokens":-5}]}}}}""",
        """{"message":{"message":{"usage":{"input_tokens":-1}}}}""", """{"message":{"usage":{"usage":{"input_tokens":-1}}}}""",
        "{\"a\":\"\x00\"}", "{\"a\":\"x\\u00zz\"}", "{\"a\":\"\\", "{\"a\":\"\\u", "{\"type\":\"\x7f\"}",
        "{\"a\":\"" + new string('x', 31) + "\"}", "{\"a\":\"" + new string('x', 32) + "\"}", "{\"a\":\"" + new string('x', 33) + "\"}",
    ];

    [Theory]
    [MemberData(nameof(Corners))]
    public void Corners_are_read_as_the_general_scanner_reads_them_or_handed_over(string line) =>
        Assert.Null(Mismatch(Encoding.Latin1.GetBytes(line)));

    [Fact]
    public void Nesting_on_either_side_of_the_limit_is_read_alike()
    {
        foreach (var wrap in new[] { "{\"a\":", "{\"message\":{\"x\":", "{\"message\":{\"usage\":{\"x\":" })
        {
            for (var depth = 1; depth < 600; depth += depth < 80 ? 1 : 37)
            {
                var line = wrap + new string('[', depth) + new string(']', depth) + new string('}', wrap.Count(c => c == '{'));
                Assert.Null(Mismatch(Encoding.UTF8.GetBytes(line)));
            }
        }
    }

    // Whole tokens, names and values, put where JSON tokens meet: damage of the kind a writer cut short or a bad
    // escaper makes, which random bytes rarely build.
    private static readonly string[] Pieces =
    [
        "\"", "\\", "\\u", "\\uD800", "\\u00e9", "\\n", "\\/", "\\x", "{", "}", "[", "]", ",", ":", " ", "null", "true", "false", "nul", "-",
        "0", "00", "-0", "1.", ".5", "1e", "1e+", "1E-2", "01", "1000000000000", "1000000000001", "99999999999999",
        "\xff", "\xc3\xa9", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x7f", "\x00", "\x1f",
        "\"usage\"", "\"model\"", "\"id\"", "\"costUSD\"", "\"input\"", "\"cache_creation\"", "\"payload\"", "\"speed\"", "\"timestamp\"",
        "\"2026-02-29T00:00:00Z\"", "\"2026-11-12T24:00:00Z\"", "\"1999-12-31T23:59:59.9999999Z\"", "\"2026-11-12T22:39:18.12345678Z\"",
        "\"2026-1-12T22:39:18Z\"", "\"2026-11-12T22:39Z\"",
    ];

    [Property(MaxTest = 20000)]
    public bool Whole_tokens_put_between_tokens_are_read_alike_or_handed_over(int seed)
    {
        var random = new Random(seed);
        var line = Templates[random.Next(Templates.Length)];
        for (var k = random.Next(1, 3); k > 0; k--)
        {
            var boundaries = Enumerable.Range(0, line.Length).Where(p => line[p] is '"' or ':' or ',' or '{' or '}' or '[' or ']').ToList();
            var at = Math.Min(boundaries[random.Next(boundaries.Count)] + random.Next(2), line.Length);
            var piece = Pieces[random.Next(Pieces.Length)];
            var cut = random.Next(0, 4);
            line = line[..at] + piece + line[Math.Min(at + cut, line.Length)..];
        }

        return Mismatch(Encoding.Latin1.GetBytes(line)) is not { } wrong ? true : throw new InvalidOperationException($"{wrong}: {line}");
    }

    [Fact]
    public void Every_line_of_the_samples_reads_as_the_general_scanner_reads_it()
    {
        var accepted = 0;
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Samples, "*.jsonl", SearchOption.AllDirectories))
        {
            foreach (var text in File.ReadLines(file))
            {
                var line = Encoding.UTF8.GetBytes(text.Trim());
                var fast = default(RawEntry);
                if (!ClaudeCodeLineFastPath.TryScan(line, ref fast, new ScanCache())) continue;
                accepted++;
                var general = default(RawEntry);
                UsageJsonScanner.ScanGeneral(line, ref general, new ScanCache());
                Assert.Equal("", Differences(general, fast));
            }
        }

        Assert.True(accepted > 20, $"only {accepted} sample lines took the fast path");
    }

    /// <summary>Field by field, nested usage included: empty when both entries hold the same values.</summary>
    private static string Differences(object expected, object actual, string prefix = "")
    {
        var found = new List<string>();
        foreach (var field in expected.GetType().GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            var (a, b) = (field.GetValue(expected), field.GetValue(actual));
            if (field.FieldType == typeof(RawUsage))
            {
                var inner = Differences(a!, b!, prefix + field.Name + ".");
                if (inner.Length > 0) found.Add(inner);
            }
            else if (!Equals(a, b) || (a is DateTimeOffset x && b is DateTimeOffset y && x.Offset != y.Offset))
            {
                found.Add($"{prefix}{field.Name}: {a ?? "null"} vs {b ?? "null"}");
            }
        }

        return string.Join("; ", found);
    }
}
