using System.Runtime.CompilerServices;
using System.Text.Json;

namespace TokenMonitor.Reading;

/// <summary>
/// One forward pass of <see cref="Utf8JsonReader"/> over a JSON object, picking out the usage fields of
/// Claude Code lines and OpenAI and Anthropic responses. Nothing else is materialised: unknown
/// properties are skipped without building strings, which is what keeps big logs cheap.
/// </summary>
internal static partial class UsageJsonScanner
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 512 };

    public const long MaxTokensPerCall = 1_000_000_000_000;

    /// <summary>Reads one object into a fresh <paramref name="entry"/>: compact Claude Code lines by the fast path, the rest here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scan(ReadOnlySpan<byte> json, ref RawEntry entry, ScanCache cache)
    {
        if (ClaudeCodeLineFastPath.TryScan(json, ref entry, cache)) return;
        entry = default;
        ScanGeneral(json, ref entry, cache);
    }

    /// <summary>Every shape, token by token; throws <see cref="UsageFormatException"/> or <see cref="JsonException"/> on bad input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ScanGeneral(ReadOnlySpan<byte> json, ref RawEntry entry, ScanCache cache)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new UsageFormatException(ReadIssueKind.UnknownShape, "the line is not a JSON object");
        }

        ScanTop(ref reader, ref entry, cache);

        // Utf8JsonReader throws on a second top-level value, so trailing garbage is reported, not ignored.
        if (reader.Read())
        {
            throw new UsageFormatException(ReadIssueKind.MalformedJson, "unexpected data after the JSON object");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanTop(ref Utf8JsonReader reader, ref RawEntry e, ScanCache cache)
    {
        while (NextProperty(ref reader))
        {
            if (!ScanTopProperty(ref reader, ref e, cache)) SkipValue(ref reader);
        }
    }

    /// <summary>One property of a call's object (a line, a response, a batch body); false leaves it to the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanTopProperty(ref Utf8JsonReader reader, ref RawEntry e, ScanCache cache)
    {
        if (reader.ValueTextEquals("usage"u8))
        {
            if (StartObject(ref reader, "usage"))
            {
                e.HasUsage = true;
                ScanUsage(ref reader, ref e.Usage, UsagePath.TopLevel);
            }
        }
        else if (reader.ValueTextEquals("message"u8))
        {
            if (StartObject(ref reader, "message"))
            {
                e.HasMessage = true;
                ScanMessage(ref reader, ref e, cache);
            }
        }
        else if (reader.ValueTextEquals("timestamp"u8)) e.Timestamp = ReadTimestamp(ref reader, "timestamp");
        else if (reader.ValueTextEquals("type"u8)) e.Type = ReadString(ref reader, "type");
        else if (reader.ValueTextEquals("object"u8)) e.ObjectKind = ReadString(ref reader, "object");
        else if (reader.ValueTextEquals("id"u8)) e.Id = ReadString(ref reader, "id");
        else if (reader.ValueTextEquals("model"u8)) e.Model = ReadCached(ref reader, cache.Model, "model");
        else if (reader.ValueTextEquals("sessionId"u8)) e.SessionId = ReadCached(ref reader, cache.SessionId, "sessionId");
        else if (reader.ValueTextEquals("requestId"u8)) e.RequestId = ReadCached(ref reader, cache.RequestId, "requestId");
        else if (reader.ValueTextEquals("service_tier"u8)) e.ServiceTier = ReadString(ref reader, "service_tier");
        else if (reader.ValueTextEquals("costUSD"u8)) e.CostUsd = ReadMoney(ref reader, "costUSD");
        else if (reader.ValueTextEquals("isSidechain"u8)) e.IsSidechain = ReadBool(ref reader, "isSidechain");
        else if (reader.ValueTextEquals("created"u8)) e.CreatedUnixSeconds = ReadUnixSeconds(ref reader, "created", ref e);
        else if (reader.ValueTextEquals("created_at"u8)) e.CreatedUnixSeconds = ReadUnixSeconds(ref reader, "created_at", ref e);
        else return ScanEnvelope(ref reader, ref e, cache);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanMessage(ref Utf8JsonReader reader, ref RawEntry e, ScanCache cache)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                if (StartObject(ref reader, "message.usage"))
                {
                    e.HasMessageUsage = true;
                    ScanUsage(ref reader, ref e.MessageUsage, UsagePath.InMessage);
                }
            }
            else if (reader.ValueTextEquals("id"u8)) e.MessageId = ReadCached(ref reader, cache.MessageId, "message.id");
            else if (reader.ValueTextEquals("model"u8)) e.MessageModel = ReadCached(ref reader, cache.Model, "message.model");
            else SkipValue(ref reader);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanUsage(ref Utf8JsonReader reader, ref RawUsage u, UsagePath where)
    {
        var path = where.Usage;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("input_tokens"u8)) u.InputTokens = ReadCount(ref reader, path, "input_tokens");
            else if (reader.ValueTextEquals("output_tokens"u8)) u.OutputTokens = ReadCount(ref reader, path, "output_tokens");
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8)) u.CacheCreationInputTokens = ReadCount(ref reader, path, "cache_creation_input_tokens");
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8)) u.CacheReadInputTokens = ReadCount(ref reader, path, "cache_read_input_tokens");
            else if (reader.ValueTextEquals("prompt_tokens"u8)) u.PromptTokens = ReadCount(ref reader, path, "prompt_tokens");
            else if (reader.ValueTextEquals("completion_tokens"u8)) u.CompletionTokens = ReadCount(ref reader, path, "completion_tokens");
            else if (reader.ValueTextEquals("prompt_cache_hit_tokens"u8)) u.PromptCacheHitTokens = ReadCount(ref reader, path, "prompt_cache_hit_tokens");
            else if (reader.ValueTextEquals("speed"u8)) u.Speed = ReadString(ref reader, where.Speed);
            else if (reader.ValueTextEquals("service_tier"u8)) u.ServiceTier = ReadString(ref reader, where.ServiceTier);
            else if (reader.ValueTextEquals("cache_creation"u8))
            {
                if (StartObject(ref reader, where.CacheCreation))
                {
                    u.HasCacheCreationBreakdown = true;
                    ScanDetails(ref reader, ref u, where.CacheCreation);
                }
            }
            else if (ScanBedrockUsageField(ref reader, ref u, path)) { }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8) || reader.ValueTextEquals("completion_tokens_details"u8))
            {
                if (StartObject(ref reader, path)) ScanDetails(ref reader, ref u, path);
            }
            else if (reader.ValueTextEquals("input_tokens_details"u8) || reader.ValueTextEquals("output_tokens_details"u8))
            {
                if (StartObject(ref reader, path))
                {
                    u.HasResponsesDetails = true;
                    ScanDetails(ref reader, ref u, path);
                }
            }
            else SkipValue(ref reader);
        }
    }

    // The details objects of all three providers use distinct field names, so one scanner serves them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanDetails(ref Utf8JsonReader reader, ref RawUsage u, string path)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("ephemeral_5m_input_tokens"u8)) u.Ephemeral5mInputTokens = ReadCount(ref reader, path, "ephemeral_5m_input_tokens");
            else if (reader.ValueTextEquals("ephemeral_1h_input_tokens"u8)) u.Ephemeral1hInputTokens = ReadCount(ref reader, path, "ephemeral_1h_input_tokens");
            else if (reader.ValueTextEquals("cached_tokens"u8)) u.CachedTokens = ReadCount(ref reader, path, "cached_tokens");
            else if (reader.ValueTextEquals("cache_write_tokens"u8)) u.CacheWriteTokens = ReadCount(ref reader, path, "cache_write_tokens");
            else if (reader.ValueTextEquals("reasoning_tokens"u8)) u.ReasoningTokens = ReadCount(ref reader, path, "reasoning_tokens");
            else if (reader.ValueTextEquals("thinking_tokens"u8)) u.ReasoningTokens = ReadCount(ref reader, path, "thinking_tokens");
            else SkipValue(ref reader);
        }
    }

    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>Moves to the value; true for an object, false for null; anything else is a type error.</summary>
    private static bool StartObject(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.StartObject => true,
            JsonTokenType.Null => false,
            _ => throw WrongType(path, "an object", reader.TokenType),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? ReadString(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw WrongType(path, "a string", reader.TokenType),
        };
    }

    /// <summary>
    /// A string that often repeats the previous line's (a session's model and id; a streamed reply's copies share
    /// their ids): the earlier instance is reused, so a big log does not hold a million copies of one name.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? ReadCached(ref Utf8JsonReader reader, CachedString slot, string path)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => slot.Get(ref reader),
            JsonTokenType.Null => null,
            _ => throw WrongType(path, "a string", reader.TokenType),
        };
    }

    private static bool ReadBool(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False or JsonTokenType.Null => false,
            _ => throw WrongType(path, "true or false", reader.TokenType),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long? ReadCount(ref Utf8JsonReader reader, string path, string name)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.Number) throw WrongType($"{path}.{name}", "a whole number", reader.TokenType);
        if (!reader.TryGetInt64(out var value))
        {
            throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{path}.{name} is not a whole number of tokens");
        }

        if (value < 0)
        {
            throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{path}.{name} is negative ({value})");
        }

        // No model takes a trillion tokens in one call; a count that large is corruption, and summing it would overflow.
        if (value > MaxTokensPerCall)
        {
            throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{path}.{name} is {value}, more than any single call can use");
        }

        return value;
    }

    private static decimal? ReadMoney(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var value))
        {
            throw WrongType(path, "a number", reader.TokenType);
        }

        if (value < 0) throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{path} is negative ({value})");
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.String && TryReadInstant(ref reader, out var value)) return Plausible(value, path);
        throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{path} is not an ISO-8601 date and time");
    }

    /// <summary>ISO-8601 text as an instant; a time without a zone is UTC, never the reading machine's local time.</summary>
    private static bool TryReadInstant(ref Utf8JsonReader reader, out DateTimeOffset instant)
    {
        if (!reader.TryGetDateTimeOffset(out instant)) return false;
        if (!HasZone(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan))
        {
            instant = new DateTimeOffset(instant.DateTime, TimeSpan.Zero);
        }

        instant = instant.ToUniversalTime();
        return true;
    }

    private static bool HasZone(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty) return false;
        if (text[^1] is (byte)'Z' or (byte)'z') return true;
        var time = text.IndexOfAny((byte)'T', (byte)'t');
        return time >= 0 && text[(time + 1)..].IndexOfAny((byte)'+', (byte)'-') >= 0;
    }

    public static DateTimeOffset Plausible(DateTimeOffset instant, string path) =>
        Time.ModelCallTimes.IsPlausible(instant) ? instant
        : throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{path} {instant:u} is not a plausible time for a model call");

    /// <summary>OpenAI writes Unix seconds; some wrappers write ISO text under the same name, which wins as a timestamp.</summary>
    private static long? ReadUnixSeconds(ref Utf8JsonReader reader, string path, ref RawEntry e)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var seconds):
                return seconds; // the record factory says whether it is a plausible time
            case JsonTokenType.Number when reader.TryGetDouble(out var fractional) && Math.Abs(fractional) < 1e11:
                return (long)fractional;
            case JsonTokenType.String when TryReadInstant(ref reader, out var iso):
                e.Timestamp ??= Plausible(iso, path);
                return null;
            default:
                throw new UsageFormatException(ReadIssueKind.InvalidValue, $"{path} is not a Unix time or ISO-8601 date");
        }
    }

    private static UsageFormatException WrongType(string path, string expected, JsonTokenType found) =>
        new(ReadIssueKind.InvalidValue, $"{path} should be {expected} but is {Describe(found)}");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };
}

/// <summary>Per file (one thread reads a file): the last value of fields that repeat from line to line, and format state.</summary>
internal sealed class ScanCache
{
    /// <summary>What stateful formats carry from line to line (Codex's model and running totals).</summary>
    public Formats.StructuredState Structured { get; } = new();

    public CachedString Model { get; } = new();
    public CachedString SessionId { get; } = new();
    public CachedString RequestId { get; } = new();
    public CachedString MessageId { get; } = new();
}

/// <summary>The last string read for a field, with its UTF-8 bytes, so a repeat is recognised by a byte compare.</summary>
internal sealed class CachedString
{
    private string? _text;
    private byte[]? _utf8; // null when the last value was escaped: then it is never reused

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <summary>The same for text the fast path found unescaped and valid UTF-8.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (_utf8 is not null && utf8.SequenceEqual(_utf8)) return _text!;
        _text = System.Text.Encoding.UTF8.GetString(utf8);
        _utf8 = utf8.ToArray();
        return _text;
    }

    public string? Get(ref Utf8JsonReader reader)
    {
        if (_utf8 is not null && !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.SequenceEqual(_utf8)) return _text;
        _text = reader.GetString();
        _utf8 = reader.ValueIsEscaped || reader.HasValueSequence ? null : reader.ValueSpan.ToArray();
        return _text;
    }
}

/// <summary>Where a usage object sits, spelled out once so that error messages never cost an allocation per line.</summary>
internal sealed class UsagePath(string usage)
{
    public static readonly UsagePath TopLevel = new("usage");
    public static readonly UsagePath InMessage = new("message.usage");

    public string Usage { get; } = usage;
    public string Speed { get; } = usage + ".speed";
    public string ServiceTier { get; } = usage + ".service_tier";
    public string CacheCreation { get; } = usage + ".cache_creation";
}
