namespace TokenMonitor.Bench;

internal sealed record CorpusOptions
{
    /// <summary>Distinct assistant responses (API calls) in the corpus; copies and replays come on top.</summary>
    public int Responses { get; init; } = 1_000_000;

    /// <summary>Keep every request's prompt at or under this many tokens (e.g. 200000 for a corpus without long-context requests).</summary>
    public int? MaxPrompt { get; init; }

    public int Seed { get; init; } = 20261123;
    public int Projects { get; init; } = 12;
    public DateTime Start { get; init; } = new(2026, 10, 20, 0, 0, 0, DateTimeKind.Utc);
    public int Days { get; init; } = 30;

    public static CorpusOptions Parse(string[] args)
    {
        var options = new CorpusOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--responses" => options with { Responses = int.Parse(args[i + 1]) },
                "--max-prompt" => options with { MaxPrompt = int.Parse(args[i + 1]) },
                "--seed" => options with { Seed = int.Parse(args[i + 1]) },
                "--projects" => options with { Projects = int.Parse(args[i + 1]) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }
}
