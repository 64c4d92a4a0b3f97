using TokenMonitor.Reading;
using TokenMonitor.Store;

namespace TokenMonitor.Tests.Store;

/// <summary>Records without a provider id are keyed by their content, not by file and line, so a store neither loses nor doubles them.</summary>
public sealed class ContentKeyTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _db;

    public ContentKeyTests() => _db = Path.Combine(_folder.Path, "usage.db");

    private const string Header = "timestamp,model,input_tokens,output_tokens\n";

    private static string Row(int i) => $"2026-11-17T09:00:{i:00}Z,gpt-4o,{100 + i},{10 + i}\n";

    private long SaveAll(string file)
    {
        using var store = UsageStore.Open(_db);
        var records = new UsageLogReader().Read([file]).Where(i => i.Record is not null).Select(i => i.Record!).ToList();
        Assert.All(records, r => Assert.False(r.HasProviderKey));
        store.Save(records);
        return store.Count(UsageQuery.All);
    }

    [Fact]
    public void A_replaced_file_stores_its_new_calls_and_a_renamed_one_stores_nothing_twice()
    {
        var file = _folder.Write("export.csv", Header + Row(1) + Row(2) + Row(3));
        Assert.Equal(3, SaveAll(file));

        File.WriteAllText(file, Header + Row(4) + Row(5)); // the same lines now hold other calls
        Assert.Equal(5, SaveAll(file));

        var renamed = Path.Combine(_folder.Path, "export-renamed.csv");
        File.Move(file, renamed);
        Assert.Equal(5, SaveAll(renamed));
    }

    [Fact]
    public void Rows_without_a_time_are_not_stored_again_when_the_file_is_written()
    {
        // Their time is the file's last write, which every write changes: it cannot be part of the key.
        var file = _folder.Write("no-time.csv", "model,input_tokens,output_tokens\ngpt-4o,100,10\ngpt-4o,200,20\n");
        Assert.Equal(2, SaveAll(file));
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(1));
        Assert.Equal(2, SaveAll(file));
        File.AppendAllText(file, "gpt-4o,300,30\n");
        Assert.Equal(3, SaveAll(file));
    }

    [Fact]
    public void The_key_names_the_content_not_the_place()
    {
        var a = new UsageRecord { Timestamp = DateTimeOffset.UnixEpoch, Model = "m", InputTokens = 1, SourceFile = "a", SourceLine = 1 };
        var b = new UsageRecord { Timestamp = DateTimeOffset.UnixEpoch, Model = "m", InputTokens = 1, SourceFile = "b", SourceLine = 7 };
        var c = new UsageRecord { Timestamp = DateTimeOffset.UnixEpoch.AddTicks(1), Model = "m", InputTokens = 1, SourceFile = "a", SourceLine = 1 };
        var d = new UsageRecord { Timestamp = DateTimeOffset.UnixEpoch, Model = "m", InputTokens = 1, SourceFile = "a", SourceLine = 1, SourceDigest = "x" };
        Assert.Equal(a.Key, b.Key);
        Assert.NotEqual(a.Key, c.Key);
        Assert.NotEqual(a.Key, d.Key); // another object piped in with the same counts
        Assert.StartsWith("content:", a.Key);
    }

    public void Dispose() => _folder.Dispose();
}
