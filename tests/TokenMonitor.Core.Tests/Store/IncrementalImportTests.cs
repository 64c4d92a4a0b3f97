using System.Text;
using TokenMonitor.Reading;
using TokenMonitor.Store;

namespace TokenMonitor.Tests.Store;

/// <summary>Import -Incremental's engine: what each file's saved progress makes the next read do, against a real SQLite store.</summary>
public sealed class IncrementalImportTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _db;

    public IncrementalImportTests() => _db = Path.Combine(_folder.Path, "usage.db");

    internal static string ClaudeLine(int i, int output = 100) =>
        "{\"sessionId\":\"s1\",\"type\":\"assistant\",\"timestamp\":\"2026-11-17T09:" + $"{i / 60 % 60:00}:{i % 60:00}" + ".123Z\",\"requestId\":\"req_" + i +
        "\",\"message\":{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\"msg_" + i + "\",\"usage\":{\"input_tokens\":" + (i + 1) +
        ",\"cache_creation_input_tokens\":10,\"cache_read_input_tokens\":20,\"output_tokens\":" + output + "}}}";

    private static string Lines(int from, int count) => string.Concat(Enumerable.Range(from, count).Select(i => ClaudeLine(i) + "\n"));

    /// <summary>One incremental run: read what the plan says, save records and progress as Save-UsageRecord would.</summary>
    private (List<UsageRecord> Read, IncrementalImport Plan) Run(params string[] files)
    {
        using var store = UsageStore.Open(_db);
        var plan = new IncrementalImport(store.GetFileProgress());
        var progress = new List<FileProgress>();
        var reader = new UsageLogReader { StartAt = plan.StartAt, FileDelivered = (f, r) => progress.Add(IncrementalImport.Progress(f, r)) };
        var records = reader.Read(plan.Plan(files)).Where(i => i.Record is not null).Select(i => i.Record!).ToList();
        store.Save(records, progress);
        return (records, plan);
    }

    private long Stored()
    {
        using var store = UsageStore.Open(_db);
        return store.Count(UsageQuery.All);
    }

    [Fact]
    public void A_file_that_grew_is_read_from_where_the_last_run_stopped()
    {
        var file = _folder.Write("session.jsonl", Lines(0, 50));
        Assert.Equal(50, Run(file).Read.Count);
        File.AppendAllText(file, Lines(50, 7));
        var (read, plan) = Run(file);
        Assert.Equal(1, plan.Resumed);
        Assert.Equal(Enumerable.Range(50, 7).Select(i => $"msg_{i}"), read.Select(r => r.MessageId));
        Assert.Equal(Enumerable.Range(51, 7).Select(i => (long)i), read.Select(r => r.SourceLine)); // the file's own line numbers
        Assert.Equal(57, Stored());
    }

    [Fact]
    public void An_unchanged_file_is_skipped()
    {
        var file = _folder.Write("session.jsonl", Lines(0, 10));
        Run(file);
        var (read, plan) = Run(file);
        Assert.Empty(read);
        Assert.Equal(1, plan.Unchanged);
    }

    [Fact]
    public void A_truncated_or_replaced_file_is_read_whole_and_counted_once()
    {
        var file = _folder.Write("session.jsonl", Lines(0, 30));
        Run(file);
        File.WriteAllText(file, Lines(0, 10));
        var (read, plan) = Run(file);
        Assert.Equal((1, 10), (plan.Changed, read.Count));

        File.WriteAllText(file, Lines(100, 40)); // a new file under the old name: its head differs
        (read, plan) = Run(file);
        Assert.Equal((1, 40), (plan.Changed, read.Count));
        Assert.Equal(70, Stored());
    }

    [Fact]
    public void A_line_the_writer_had_not_finished_is_read_again_when_it_is()
    {
        var file = _folder.Write("session.jsonl", Lines(0, 5) + ClaudeLine(5)[..40]);
        Run(file);
        File.AppendAllText(file, ClaudeLine(5)[40..] + "\n" + Lines(6, 2));
        var (read, plan) = Run(file);
        Assert.Equal(1, plan.Resumed);
        Assert.Equal(["msg_5", "msg_6", "msg_7"], read.Select(r => r.MessageId));
        Assert.Equal(8, Stored());
    }

    [Fact]
    public void A_streamed_call_whose_larger_copy_comes_later_keeps_the_larger()
    {
        var file = _folder.Write("session.jsonl", ClaudeLine(1, output: 5) + "\n");
        Run(file);
        File.AppendAllText(file, ClaudeLine(1, output: 500) + "\n");
        Run(file);
        using var store = UsageStore.Open(_db);
        Assert.Equal(500, Assert.Single(store.Query(UsageQuery.All)).OutputTokens);
    }

    [Fact]
    public void Compressed_files_are_skipped_while_unchanged_and_read_whole_when_changed()
    {
        var file = Path.Combine(_folder.Path, "archive.jsonl.gz");
        WriteGzip(file, Lines(0, 20));
        Assert.Equal(20, Run(file).Read.Count);
        Assert.Equal(1, Run(file).Plan.Unchanged);
        WriteGzip(file, Lines(0, 25));
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        var (read, plan) = Run(file);
        Assert.Equal(25, read.Count);
        Assert.Equal(0, plan.Resumed);
        Assert.Equal(25, Stored());
    }

    [Fact]
    public void Codex_sessions_whose_lines_depend_on_earlier_lines_are_read_whole()
    {
        var codex = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "tests", "TokenMonitor.Core.Tests", "Fixtures", "codex", "sessions"), "*.jsonl", SearchOption.AllDirectories).First();
        var file = _folder.Write("rollout.jsonl", File.ReadAllText(codex));
        var first = Run(file).Read.Count;
        Assert.True(first > 0);
        using (var store = UsageStore.Open(_db)) Assert.False(store.GetFileProgress()[file].Resumable);
        File.AppendAllText(file, "\n");
        var (read, plan) = Run(file);
        Assert.Equal((0, first), (plan.Resumed, read.Count));
        Assert.Equal(first, Stored());
    }

    private static void WriteGzip(string path, string text)
    {
        using var file = File.Create(path);
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }

    public void Dispose() => _folder.Dispose();
}
