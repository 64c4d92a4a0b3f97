using System.Diagnostics;
using TokenMonitor.Bench;

// generate <dir> [--responses N] [--max-prompt TOKENS] [--seed S]   write a Claude Code corpus
// floor <dir>                                                       a plain Utf8JsonReader scan of every line
// read <dir>                                                        the engine's reader alone, no PowerShell
// daily <dir>                                                       read, price and total by day in the engine (Measure-TokenCost -GroupBy Day)
// budgets <dir> <budget file> <as-of>                               many budgets over the corpus, in the engine
// analytics <dir>                                                   each analysis over the corpus, engine only (best of three)
// store <dir> [connection string] [--batch N]                       reading and saving into a new SQLite file (or that store)
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: generate <dir> [--responses N] [--max-prompt TOKENS] [--seed S] | floor <dir> | read <dir> | store <dir> [connection string] [--batch N]");
    return 64;
}

var clock = Stopwatch.StartNew();
switch (args[0])
{
    case "generate":
        var options = CorpusOptions.Parse(args.Skip(2).ToArray());
        var written = new CorpusGenerator(options).Write(args[1]);
        Console.WriteLine($"generated {options.Responses:N0} responses in {written.Files:N0} files, {written.Bytes / 1e6:N0} MB, {clock.Elapsed.TotalSeconds:N1} s");
        return 0;
    case "floor":
        var floor = FloorScan.Run(args[1]);
        Console.WriteLine($"floor: {floor.Lines:N0} lines, {floor.Tokens:N0} JSON tokens, {floor.Bytes / 1e6:N0} MB in {clock.Elapsed.TotalSeconds:N2} s");
        return 0;
    case "read":
        var read = EngineRead.Run(args[1]);
        Console.WriteLine($"engine read: {read.Records:N0} records ({read.Duplicates:N0} copies merged, {read.Issues} issues) in {clock.Elapsed.TotalSeconds:N2} s");
        return 0;
    case "daily":
        DailyRun.Run(args[1]);
        return 0;
    case "budgets":
        BudgetRun.Run(args[1], args[2], DateTimeOffset.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    case "analytics":
        AnalyticsBench.Run(args[1]);
        return 0;
    case "store":
        var batchAt = Array.IndexOf(args, "--batch");
        var batch = batchAt > 0 ? int.Parse(args[batchAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 5_000;
        var rest = args.Skip(2).Where((a, i) => a != "--batch" && (batchAt < 0 || i + 2 != batchAt + 1)).ToList();
        return StoreBench.Run(args[1], rest.FirstOrDefault(), batch);
    case "lines":
        // Diagnostic: the line splitter alone over every file, to see what reading and splitting cost.
        var (lineCount, lineBytes) = TokenMonitor.Reading.DiagnosticParse.Lines(args[1]);
        Console.WriteLine($"lines: {lineCount:N0} lines, {lineBytes / 1e6:N0} MB in {clock.Elapsed.TotalSeconds:N2} s");
        return 0;
    case "scan":
    case "build":
        var scanned = TokenMonitor.Reading.DiagnosticParse.Scan(args[1], build: args[0] == "build");
        Console.WriteLine($"{args[0]}: {scanned:N0} usage lines in {clock.Elapsed.TotalSeconds:N2} s");
        return 0;
    case "parse-only":
        // Diagnostic: every file parsed on all cores with no consumer, to see what the parsers alone cost.
        var files = TokenMonitor.Reading.LogFileLocator.Enumerate(args[1], recurse: true).ToList();
        long count = 0;
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            f => Interlocked.Add(ref count, TokenMonitor.Reading.DiagnosticParse.Items(f)));
        Console.WriteLine($"parse-only: {count:N0} items in {clock.Elapsed.TotalSeconds:N2} s");
        return 0;
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 64;
}
