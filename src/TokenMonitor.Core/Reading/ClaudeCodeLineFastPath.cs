using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;

namespace TokenMonitor.Reading;

/// <summary>
/// The line that makes up nearly all of a Claude Code log: one compact JSON object (JSON.stringify's output, no
/// whitespace) with the call in <c>message.usage</c>. Read here by hand in one pass, about twice as fast as
/// Utf8JsonReader token by token, because strings are skipped with one vectorised search each and names are matched
/// by length first. Anything outside that shape (whitespace between tokens, an escaped name, any field name that
/// <see cref="UsageJsonScanner"/> treats specially other than the handful read here, a value it would reject or read
/// differently) makes <see cref="TryScan"/> return false, and the general scanner reads the line instead: this path
/// accepts a strict subset of JSON and of field shapes, so it can only ever agree with the general one. A property
/// test compares both on randomly damaged lines.
/// </summary>
internal static class ClaudeCodeLineFastPath
{
    // Far below the general reader's 512: deeper lines are rare enough to leave to it.
    private const int MaxDepth = 64;

    /// <summary>
    /// Every property name the general scanner compares, at any depth (a test reads them out of its source). Met where
    /// this path does not read it itself, such a name hands the line over: its meaning may depend on where it stands.
    /// </summary>
    internal static readonly string[] GeneralNames =
    [
        "HTTPHeaders", "RequestId", "ResponseMetadata", "arn", "attributes", "body", "cacheDetails", "cacheReadInputTokenCount",
        "cacheReadInputTokens", "cacheWriteInputTokenCount", "cacheWriteInputTokens", "cache_creation", "cache_creation_input_tokens",
        "cache_read_input_tokens", "cache_write_tokens", "cachedContentTokenCount", "cached_tokens", "candidatesTokenCount",
        "completion_tokens", "completion_tokens_details", "costUSD", "createTime", "created", "created_at", "custom_id", "data", "date",
        "ephemeral_1h_input_tokens", "ephemeral_5m_input_tokens", "id", "identity", "input", "inputTokenCount", "inputTokens",
        "input_tokens", "input_tokens_details", "isSidechain", "latencyMs", "message", "messages", "metrics", "model", "modelId",
        "modelVersion", "object", "output", "outputBodyJson", "outputTokenCount", "outputTokens", "output_tokens",
        "output_tokens_details", "payload", "projectHash", "promptTokenCount", "prompt_cache_hit_tokens", "prompt_tokens", "prompt_tokens_details",
        "reasoning_tokens", "requestId", "request_id", "resourceSpans", "response", "responseId", "result", "schemaType",
        "service_tier", "sessionId", "speed", "status_code", "thinking_tokens", "thoughtsTokenCount", "timestamp", "tokens",
        "toolUsePromptTokenCount", "ttl", "type", "usage", "usageMetadata",
    ];

    private static readonly byte[][][] GeneralByLength = GroupByLength(GeneralNames);

    private static readonly SearchValues<byte>[] GeneralInitials =
        GeneralByLength.Select(names => SearchValues.Create(names.Select(n => n[0]).Distinct().ToArray())).ToArray();

    /// <summary>Values that repeat on every line, kept as one string each instead of one per line.</summary>
    private static readonly string[] CommonValues = ["assistant", "user", "standard", "priority", "batch", "fast", "message"];

    private static readonly byte[][] CommonValueBytes = CommonValues.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>
    /// Reads a compact Claude Code line into <paramref name="e"/>; false, with <paramref name="e"/> partly filled,
    /// when the line is not of that shape and must be read by the general scanner from a fresh entry.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryScan(ReadOnlySpan<byte> s, ref RawEntry e, ScanCache cache)
    {
        var i = 0;
        return s.Length > 1 && s[0] == (byte)'{' && TopObject(s, ref i, ref e, cache) && i == s.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TopObject(ReadOnlySpan<byte> s, ref int i, ref RawEntry e, ScanCache cache)
    {
        if (Empty(s, ref i, (byte)'}')) return true;
        while (true)
        {
            if (!Name(s, ref i, out var name)) return false;
            var read = name.Length switch
            {
                7 when name.SequenceEqual("message"u8) => Message(s, ref i, ref e, cache),
                9 when name.SequenceEqual("timestamp"u8) => Timestamp(s, ref i, ref e.Timestamp),
                9 when name.SequenceEqual("sessionId"u8) => Cached(s, ref i, cache.SessionId, ref e.SessionId),
                9 when name.SequenceEqual("requestId"u8) => Cached(s, ref i, cache.RequestId, ref e.RequestId),
                11 when name.SequenceEqual("isSidechain"u8) => Bool(s, ref i, ref e.IsSidechain),
                4 when name.SequenceEqual("type"u8) => Text(s, ref i, ref e.Type),
                _ => !IsGeneralName(name) && Skip(s, ref i, 2),
            };
            if (!read || !NextMember(s, ref i, (byte)'}', out var more)) return false;
            if (!more) return true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Message(ReadOnlySpan<byte> s, ref int i, ref RawEntry e, ScanCache cache)
    {
        if (At(s, i) != (byte)'{') return Null(s, ref i);
        e.HasMessage = true;
        if (Empty(s, ref i, (byte)'}')) return true;
        while (true)
        {
            if (!Name(s, ref i, out var name)) return false;

            // The general scanner reads only these three names here and skips the rest, as this does.
            var read = name.Length switch
            {
                5 when name.SequenceEqual("usage"u8) => MessageUsage(s, ref i, ref e),
                2 when name.SequenceEqual("id"u8) => Cached(s, ref i, cache.MessageId, ref e.MessageId),
                5 when name.SequenceEqual("model"u8) => Cached(s, ref i, cache.Model, ref e.MessageModel),
                _ => Skip(s, ref i, 3),
            };
            if (!read || !NextMember(s, ref i, (byte)'}', out var more)) return false;
            if (!more) return true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool MessageUsage(ReadOnlySpan<byte> s, ref int i, ref RawEntry e)
    {
        if (At(s, i) != (byte)'{') return Null(s, ref i);
        e.HasMessageUsage = true;
        ref var u = ref e.MessageUsage;
        if (Empty(s, ref i, (byte)'}')) return true;
        while (true)
        {
            if (!Name(s, ref i, out var name)) return false;
            var read = name.Length switch
            {
                12 when name.SequenceEqual("input_tokens"u8) => Count(s, ref i, ref u.InputTokens),
                13 when name.SequenceEqual("output_tokens"u8) => Count(s, ref i, ref u.OutputTokens),
                27 when name.SequenceEqual("cache_creation_input_tokens"u8) => Count(s, ref i, ref u.CacheCreationInputTokens),
                23 when name.SequenceEqual("cache_read_input_tokens"u8) => Count(s, ref i, ref u.CacheReadInputTokens),
                14 when name.SequenceEqual("cache_creation"u8) => CacheCreation(s, ref i, ref u),
                12 when name.SequenceEqual("service_tier"u8) => Text(s, ref i, ref u.ServiceTier),
                5 when name.SequenceEqual("speed"u8) => Text(s, ref i, ref u.Speed),
                _ => !IsGeneralName(name) && Skip(s, ref i, 4),
            };
            if (!read || !NextMember(s, ref i, (byte)'}', out var more)) return false;
            if (!more) return true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool CacheCreation(ReadOnlySpan<byte> s, ref int i, ref RawUsage u)
    {
        if (At(s, i) != (byte)'{') return Null(s, ref i);
        u.HasCacheCreationBreakdown = true;
        if (Empty(s, ref i, (byte)'}')) return true;
        while (true)
        {
            if (!Name(s, ref i, out var name)) return false;
            var read = name.Length switch
            {
                25 when name.SequenceEqual("ephemeral_5m_input_tokens"u8) => Count(s, ref i, ref u.Ephemeral5mInputTokens),
                25 when name.SequenceEqual("ephemeral_1h_input_tokens"u8) => Count(s, ref i, ref u.Ephemeral1hInputTokens),
                _ => !IsGeneralName(name) && Skip(s, ref i, 5),
            };
            if (!read || !NextMember(s, ref i, (byte)'}', out var more)) return false;
            if (!more) return true;
        }
    }

    /// <summary>Past an opening bracket; true (and past the closing one too) when the container is empty.</summary>
    private static bool Empty(ReadOnlySpan<byte> s, ref int i, byte close)
    {
        i++;
        if (At(s, i) != close) return false;
        i++;
        return true;
    }

    /// <summary>A property name without escapes and its colon; the name's bytes are between the quotes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Name(ReadOnlySpan<byte> s, ref int i, out ReadOnlySpan<byte> name)
    {
        if (!Unescaped(s, ref i, out name) || At(s, i) != (byte)':') return false;
        i++;
        return true;
    }

    /// <summary>A string token at <paramref name="i"/> with no escape or control byte in it; its bytes are between the quotes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Unescaped(ReadOnlySpan<byte> s, ref int i, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (At(s, i) != (byte)'"') return false;
        var start = i + 1;
        var end = StringStop(s, start);
        if (end < 0 || s[end] != (byte)'"') return false;
        text = s[start..end];
        i = end + 1;
        return true;
    }

    private static bool NextMember(ReadOnlySpan<byte> s, ref int i, byte close, out bool more)
    {
        var b = At(s, i);
        more = b == (byte)',';
        if (!more && b != close) return false;
        i++;
        return true;
    }

    private static byte At(ReadOnlySpan<byte> s, int i) => (uint)i < (uint)s.Length ? s[i] : (byte)0;

    private static bool Null(ReadOnlySpan<byte> s, ref int i) => Literal(s, ref i, "null"u8);

    private static bool Literal(ReadOnlySpan<byte> s, ref int i, ReadOnlySpan<byte> literal)
    {
        if (!s[i..].StartsWith(literal)) return false;
        i += literal.Length;
        return true;
    }

    /// <summary>A token count as the general scanner takes it: null, or a whole number from 0 to a trillion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Count(ReadOnlySpan<byte> s, ref int i, ref long? count)
    {
        var b = At(s, i);
        if (b == (byte)'n')
        {
            count = null;
            return Null(s, ref i);
        }

        if (b is < (byte)'0' or > (byte)'9') return false; // negative, or not a number: the general scanner says which
        long value = 0;
        var start = i;
        while (At(s, i) is var d && d is >= (byte)'0' and <= (byte)'9')
        {
            if (i - start == 13) return false; // more than any call uses
            value = value * 10 + (d - '0');
            i++;
        }

        if ((b == (byte)'0' && i - start > 1) || At(s, i) is (byte)'.' or (byte)'e' or (byte)'E') return false;
        if (value > UsageJsonScanner.MaxTokensPerCall) return false;
        count = value;
        return true;
    }

    private static bool Bool(ReadOnlySpan<byte> s, ref int i, ref bool value)
    {
        switch (At(s, i))
        {
            case (byte)'t':
                value = true;
                return Literal(s, ref i, "true"u8);
            case (byte)'f':
                value = false;
                return Literal(s, ref i, "false"u8);
            case (byte)'n':
                value = false;
                return Null(s, ref i);
            default:
                return false;
        }
    }

    /// <summary>A string value without escapes in valid UTF-8 (else the general reader decides), or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool PlainString(ReadOnlySpan<byte> s, ref int i, out ReadOnlySpan<byte> text, out bool isNull)
    {
        text = default;
        isNull = At(s, i) == (byte)'n';
        if (isNull) return Null(s, ref i);
        return Unescaped(s, ref i, out text) && Utf8.IsValid(text);
    }

    private static bool Cached(ReadOnlySpan<byte> s, ref int i, CachedString slot, ref string? value)
    {
        if (!PlainString(s, ref i, out var text, out var isNull)) return false;
        value = isNull ? null : slot.Get(text);
        return true;
    }

    private static bool Text(ReadOnlySpan<byte> s, ref int i, ref string? value)
    {
        if (!PlainString(s, ref i, out var text, out var isNull)) return false;
        value = isNull ? null : Common(text) ?? Encoding.UTF8.GetString(text);
        return true;
    }

    private static string? Common(ReadOnlySpan<byte> text)
    {
        for (var k = 0; k < CommonValueBytes.Length; k++)
        {
            if (text.SequenceEqual(CommonValueBytes[k])) return CommonValues[k];
        }

        return null;
    }

    /// <summary>
    /// The timestamp Claude Code writes, "2026-11-12T22:39:18.329Z" (UTC, up to seven fraction digits), or null. Other
    /// spellings of ISO 8601 and times no call can have are left to the general scanner, which reads or rejects them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Timestamp(ReadOnlySpan<byte> s, ref int i, ref DateTimeOffset? value)
    {
        if (!PlainString(s, ref i, out var t, out var isNull)) return false;
        if (isNull)
        {
            value = null;
            return true;
        }

        if (t.Length < 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[^1] != 'Z') return false;
        if (!Digits(t, 0, 4, out var year) || !Digits(t, 5, 2, out var month) || !Digits(t, 8, 2, out var day)
            || !Digits(t, 11, 2, out var hour) || !Digits(t, 14, 2, out var minute) || !Digits(t, 17, 2, out var second))
        {
            return false;
        }

        long ticks = 0;
        var fraction = t[19..^1];
        if (!fraction.IsEmpty)
        {
            if (fraction[0] != '.' || fraction.Length is < 2 or > 8 || !Digits(fraction, 1, fraction.Length - 1, out var digits)) return false;
            ticks = digits * Pow10[8 - fraction.Length];
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var instant = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(ticks);
        if (!Time.ModelCallTimes.IsPlausible(instant)) return false;
        value = instant;
        return true;
    }

    private static ReadOnlySpan<long> Pow10 => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

    private static bool Digits(ReadOnlySpan<byte> t, int start, int count, out int value)
    {
        value = 0;
        for (var k = start; k < start + count; k++)
        {
            var d = t[k] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }

        return true;
    }

    /// <summary>Any JSON value, checked as strictly as Utf8JsonReader checks it (stricter where that is simpler).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Skip(ReadOnlySpan<byte> s, ref int i, int depth)
    {
        switch (At(s, i))
        {
            case (byte)'"':
                return SkipString(s, ref i);
            case (byte)'{':
                if (depth > MaxDepth) return false;
                if (Empty(s, ref i, (byte)'}')) return true;
                while (true)
                {
                    if (!Name(s, ref i, out _) || !Skip(s, ref i, depth + 1) || !NextMember(s, ref i, (byte)'}', out var more)) return false;
                    if (!more) return true;
                }

            case (byte)'[':
                if (depth > MaxDepth) return false;
                if (Empty(s, ref i, (byte)']')) return true;
                while (true)
                {
                    if (!Skip(s, ref i, depth + 1) || !NextMember(s, ref i, (byte)']', out var more)) return false;
                    if (!more) return true;
                }

            case (byte)'t':
                return Literal(s, ref i, "true"u8);
            case (byte)'f':
                return Literal(s, ref i, "false"u8);
            case (byte)'n':
                return Null(s, ref i);
            default:
                return SkipNumber(s, ref i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SkipString(ReadOnlySpan<byte> s, ref int i)
    {
        var at = i + 1;
        while (true)
        {
            at = StringStop(s, at);
            if (at < 0) return false;
            switch (s[at])
            {
                case (byte)'"':
                    i = at + 1;
                    return true;
                case (byte)'\\':
                    var escaped = At(s, at + 1);
                    if (escaped == (byte)'u')
                    {
                        if (at + 6 > s.Length || !IsHex(s[at + 2]) || !IsHex(s[at + 3]) || !IsHex(s[at + 4]) || !IsHex(s[at + 5])) return false;
                        at += 6;
                    }
                    else if (escaped is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
                    {
                        at += 2;
                    }
                    else
                    {
                        return false;
                    }

                    break;
                default:
                    return false; // a control byte inside a string
            }
        }
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    /// <summary>JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    private static bool SkipNumber(ReadOnlySpan<byte> s, ref int i)
    {
        if (At(s, i) == (byte)'-') i++;
        if (At(s, i) == (byte)'0') i++;
        else if (!SkipDigits(s, ref i)) return false;
        if (At(s, i) == (byte)'.')
        {
            i++;
            if (!SkipDigits(s, ref i)) return false;
        }

        if (At(s, i) is (byte)'e' or (byte)'E')
        {
            i++;
            if (At(s, i) is (byte)'+' or (byte)'-') i++;
            if (!SkipDigits(s, ref i)) return false;
        }

        return true;
    }

    private static bool SkipDigits(ReadOnlySpan<byte> s, ref int i)
    {
        var start = i;
        while (At(s, i) is >= (byte)'0' and <= (byte)'9') i++;
        return i > start;
    }

    private static bool IsGeneralName(ReadOnlySpan<byte> name)
    {
        // Most names met are none of these; their length and first letter alone usually say so.
        if (name.IsEmpty || name.Length >= GeneralByLength.Length || !GeneralInitials[name.Length].Contains(name[0])) return false;
        foreach (var candidate in GeneralByLength[name.Length])
        {
            if (name.SequenceEqual(candidate)) return true;
        }

        return false;
    }

    private static byte[][][] GroupByLength(string[] names)
    {
        var longest = names.Max(n => n.Length);
        return Enumerable.Range(0, longest + 1)
            .Select(length => names.Where(n => n.Length == length).Select(Encoding.UTF8.GetBytes).ToArray())
            .ToArray();
    }

    /// <summary>
    /// Where, from <paramref name="from"/> on, a run of plain string bytes ends: at a quote, a backslash or a control byte
    /// (invalid in JSON strings); -1 when the line ends first. The vectors read on past the string to the line's end,
    /// which is where most strings end within the first 32 bytes: one comparison finds them. (SearchValues with these 34
    /// bytes took an eighth of the reader's time, in a generic method that starts out unoptimised.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StringStop(ReadOnlySpan<byte> s, int from)
    {
        ref var first = ref MemoryMarshal.GetReference(s);
        var at = from;
        if (Vector256.IsHardwareAccelerated)
        {
            var quote = Vector256.Create((byte)'"');
            var backslash = Vector256.Create((byte)'\\');
            var space = Vector256.Create((byte)' ');
            for (; at + Vector256<byte>.Count <= s.Length; at += Vector256<byte>.Count)
            {
                var bytes = Vector256.LoadUnsafe(ref first, (nuint)at);
                var stops = Vector256.Equals(bytes, quote) | Vector256.Equals(bytes, backslash) | Vector256.LessThan(bytes, space);
                if (stops != Vector256<byte>.Zero) return at + BitOperations.TrailingZeroCount(stops.ExtractMostSignificantBits());
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var space = Vector128.Create((byte)' ');
            for (; at + Vector128<byte>.Count <= s.Length; at += Vector128<byte>.Count)
            {
                var bytes = Vector128.LoadUnsafe(ref first, (nuint)at);
                var stops = Vector128.Equals(bytes, quote) | Vector128.Equals(bytes, backslash) | Vector128.LessThan(bytes, space);
                if (stops != Vector128<byte>.Zero) return at + BitOperations.TrailingZeroCount(stops.ExtractMostSignificantBits());
            }
        }

        for (; at < s.Length; at++)
        {
            if (s[at] is (byte)'"' or (byte)'\\' or < (byte)' ') return at;
        }

        return -1;
    }
}
