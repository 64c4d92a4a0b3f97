using FsCheck.Xunit;
using TokenMonitor.Reading;

namespace TokenMonitor.Tests.Reading;

/// <summary>The run-level dedup keeps exactly the calls the plain rule keeps, whatever the order of copies and replays.</summary>
public class SeenCallsProperties
{
    [Property(MaxTest = 2000)]
    public bool Same_calls_kept_as_the_plain_rule(int seed)
    {
        var random = new Random(seed);
        var seen = new SeenCalls();
        var exactKeys = new HashSet<(string?, string?, string?)>();
        var sidechainByMessage = new Dictionary<string, bool>();
        for (var i = random.Next(1, 200); i > 0; i--)
        {
            var claude = random.Next(5) > 0;
            var record = new UsageRecord
            {
                Provider = claude ? "Anthropic" : "OpenAI",
                Model = "m",
                MessageId = claude ? $"msg_{random.Next(8)}" : null,
                RequestId = claude ? $"req_{random.Next(4)}" : null,
                ProviderId = claude ? null : $"chatcmpl-{random.Next(8)}",
                KeyPrefix = claude ? "claude" : "openai",
                IsSidechain = random.Next(3) == 0,
            };

            // The rule as written before the tables were merged: a seen exact key, or a seen message with a sidechain on either side.
            var exact = (record.KeyPrefix, record.MessageId ?? record.ProviderId, record.RequestId);
            bool expected;
            if (exactKeys.Contains(exact)) expected = false;
            else if (record.MessageId is not null && sidechainByMessage.TryGetValue(record.MessageId, out var was) && (was || record.IsSidechain)) expected = false;
            else
            {
                if (record.MessageId is not null) sidechainByMessage.TryAdd(record.MessageId, record.IsSidechain);
                exactKeys.Add(exact);
                expected = true;
            }

            if (seen.Add(record) != expected) return false;
        }

        return true;
    }
}
