namespace TokenMonitor.HelpCompiler;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Exit codes: 0 written, 1 the docs have errors, 2 wrong invocation.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 2)
        {
            stderr.WriteLine("usage: TokenMonitor.HelpCompiler <docsFolder> <outputMamlFile>");
            return 2;
        }

        var (docsFolder, outputFile) = (args[0], args[1]);
        if (!Directory.Exists(docsFolder))
        {
            stderr.WriteLine($"{docsFolder}: error: docs folder not found");
            return 2;
        }

        var pages = Directory.EnumerateFiles(docsFolder, "*.md")
            .Order(StringComparer.Ordinal)
            .Select(path => (path, File.ReadAllText(path)));
        var result = MamlCompiler.Compile(pages);

        foreach (var diagnostic in result.Diagnostics)
        {
            stderr.WriteLine(diagnostic);
        }

        if (!result.Succeeded)
        {
            return 1;
        }

        if (result.CommandCount == 0)
        {
            stderr.WriteLine($"{docsFolder}: error: no platyPS cmdlet page (front matter with 'external help file:') found");
            return 1;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputFile))!);
        using (var output = File.Create(outputFile))
        {
            MamlCompiler.Save(result.Document, output);
        }

        stdout.WriteLine($"{outputFile}: {result.CommandCount} command(s)");
        return 0;
    }
}
