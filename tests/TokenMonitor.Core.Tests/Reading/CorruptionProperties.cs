using System.Text;
using FsCheck;
using FsCheck.Xunit;
using TokenMonitor.Reading;

namespace TokenMonitor.Tests.Reading;

/// <summary>
/// Random damage to a valid log (cut lines, flipped bytes, garbage lines, lost braces, CRLF, a cut last line)
/// never throws out of the reader and never loses a line it did not touch.
/// </summary>
public class CorruptionProperties
{
    private static string Line(int i) =>
        "{\"type\":\"assistant\",\"timestamp\":\"2026-11-17T10:" + (i % 60).ToString("D2") + ":00.000Z\",\"sessionId\":\"s\",\"requestId\":\"req_" + i
        + "\",\"message\":{\"id\":\"msg_" + i + "\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":" + i + ",\"output_tokens\":" + i * 2 + "}}}";

    [Property(MaxTest = 300)]
    public bool Corruption_never_throws_and_never_loses_an_untouched_line(int seed, PositiveInt size)
    {
        var random = new Random(seed);
        var count = Math.Min(size.Get, 60);
        var lines = new List<string>();
        var untouched = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var line = Line(i);
            switch (random.Next(8))
            {
                case 0: lines.Add(line[..random.Next(1, line.Length)]); break;                       // cut mid-line
                case 1:
                    var bytes = line.ToCharArray();
                    bytes[random.Next(bytes.Length)] = (char)random.Next(1, 127);                    // one character changed
                    lines.Add(new string(bytes));
                    break;
                case 2: lines.Add(new string((char)random.Next(33, 126), random.Next(1, 300))); lines.Add(line); untouched.Add($"msg_{i}"); break; // garbage before it
                case 3: lines.Add(line.TrimEnd('}')); break;                                          // lost closing braces
                default: lines.Add(line); untouched.Add($"msg_{i}"); break;
            }
        }

        var newline = random.Next(2) == 0 ? "\n" : "\r\n";
        var text = string.Join(newline, lines) + (random.Next(3) == 0 ? "" : newline);
        using var folder = new TempFolder();
        var file = folder.WriteBytes("damaged.jsonl", Encoding.UTF8.GetBytes(text));

        var items = new UsageLogReader().Read([file]).ToList();
        var read = items.Where(i => i.Record is not null).Select(i => i.Record!.MessageId ?? "").ToHashSet();

        // A changed character can leave a line valid ("id" became "sd": a call without an id): reading it is fine. Losing an
        // untouched line is not, nor reading more records than lines were written, nor an issue that does not say where.
        return untouched.IsSubsetOf(read)
            && items.Count(i => i.Record is not null) <= lines.Count
            && items.All(i => i.Record is not null || i.Issue is { Line: > 0 });
    }
}
