using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace TokenMonitor.Store;

/// <summary>A record as the values of <see cref="StoreSchema.RecordColumns"/>, and back, losing nothing that pricing reads.</summary>
internal static class UsageRow
{
    public static void Fill(object?[] values, UsageRecord r, long storedAt)
    {
        values[0] = r.Key;
        values[1] = r.Timestamp.UtcTicks;
        values[2] = r.Provider;
        values[3] = r.Model;
        values[4] = r.InputTokens;
        values[5] = r.OutputTokens;
        values[6] = r.CacheReadTokens;
        values[7] = r.CacheWrite5mTokens;
        values[8] = r.CacheWrite1hTokens;
        values[9] = r.ReasoningTokens;
        values[10] = r.TotalTokens;
        values[11] = r.Requests;
        values[12] = r.RequestId;
        values[13] = r.MessageId;
        values[14] = r.SessionId;
        values[15] = r.Project;
        values[16] = r.User;
        values[17] = r.Service;
        values[18] = r.Job;
        values[19] = r.Tags.Length == 0 ? null : JsonSerializer.Serialize(r.Tags, StoreJson.Default.StringArray);
        values[20] = r.LatencyMs;
        values[21] = r.ServiceTier;
        values[22] = r.Speed;
        values[23] = r.ReportedCost?.ToString(CultureInfo.InvariantCulture);
        values[24] = r.IsSidechain ? 1 : 0;
        values[25] = r.Format;
        values[26] = r.SourceFile;
        values[27] = r.SourceLine;
        values[28] = r.KeyPrefix;
        values[29] = r.ProviderId;
        values[30] = r.LongContextHint is { } hint ? (hint ? 1 : 0) : null;
        values[31] = storedAt;
    }

    public static UsageRecord Read(DbDataReader row) => new()
    {
        Key = row.GetString(0),
        Timestamp = new DateTimeOffset(row.GetInt64(1), TimeSpan.Zero),
        Provider = row.GetString(2),
        Model = row.GetString(3),
        InputTokens = row.GetInt64(4),
        OutputTokens = row.GetInt64(5),
        CacheReadTokens = row.GetInt64(6),
        CacheWrite5mTokens = row.GetInt64(7),
        CacheWrite1hTokens = row.GetInt64(8),
        ReasoningTokens = row.GetInt64(9),
        Requests = row.GetInt64(11),
        RequestId = Text(row, 12),
        MessageId = Text(row, 13),
        SessionId = Text(row, 14),
        Project = Text(row, 15),
        User = Text(row, 16),
        Service = Text(row, 17),
        Job = Text(row, 18),
        Tags = Text(row, 19) is { } tags ? JsonSerializer.Deserialize(tags, StoreJson.Default.StringArray) ?? [] : [],
        LatencyMs = row.IsDBNull(20) ? null : row.GetDouble(20),
        ServiceTier = Text(row, 21),
        Speed = Text(row, 22),
        ReportedCost = Text(row, 23) is { } cost ? decimal.Parse(cost, NumberStyles.Number, CultureInfo.InvariantCulture) : null,
        IsSidechain = row.GetInt32(24) != 0,
        Format = row.GetString(25),
        SourceFile = Text(row, 26),
        SourceLine = row.GetInt64(27),
        KeyPrefix = Text(row, 28),
        ProviderId = Text(row, 29),
        LongContextHint = row.IsDBNull(30) ? null : row.GetInt32(30) != 0,
    };

    private static string? Text(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class StoreJson : System.Text.Json.Serialization.JsonSerializerContext;
