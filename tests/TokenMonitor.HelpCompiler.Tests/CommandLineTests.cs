using System.Xml.Linq;

namespace TokenMonitor.HelpCompiler.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpcompiler-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Writes_the_maml_file_and_exits_zero()
    {
        var docs = WriteDocs(SamplePages.ImportUsageLog);
        var output = Path.Combine(_folder, "out", "en-US", "TokenMonitor.PowerShell.dll-Help.xml");

        var (exitCode, stdout, stderr) = Run(docs, output);

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr);
        Assert.Contains("1 command", stdout);
        var maml = XDocument.Load(output);
        Assert.Single(maml.Root!.Elements(Maml.Command + "command"));
    }

    [Fact]
    public void Broken_page_prints_file_and_line_and_exits_one()
    {
        var docs = WriteDocs(SamplePages.ImportUsageLog.Replace("Reads token usage records from AI coding assistant logs.", ""));
        var output = Path.Combine(_folder, "help.xml");

        var (exitCode, _, stderr) = Run(docs, output);

        Assert.Equal(1, exitCode);
        var page = Path.Combine(docs, "Import-UsageLog.md");
        Assert.Equal($"{page}:10: error: '## SYNOPSIS' has no text", stderr.Trim());
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Folder_without_cmdlet_pages_exits_one()
    {
        var docs = Path.Combine(_folder, "docs");
        Directory.CreateDirectory(docs);
        File.WriteAllText(Path.Combine(docs, "about_TokenMonitor.md"), SamplePages.AboutTopic);

        var (exitCode, _, stderr) = Run(docs, Path.Combine(_folder, "help.xml"));

        Assert.Equal(1, exitCode);
        Assert.Contains("no platyPS cmdlet page", stderr);
    }

    [Fact]
    public void Wrong_arguments_print_usage()
    {
        var stderr = new StringWriter();

        var exitCode = Program.Run(["only-one"], new StringWriter(), stderr);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("usage:", stderr.ToString());
    }

    private string WriteDocs(string importUsageLog)
    {
        var docs = Path.Combine(_folder, "docs");
        Directory.CreateDirectory(docs);
        File.WriteAllText(Path.Combine(docs, "Import-UsageLog.md"), importUsageLog);
        File.WriteAllText(Path.Combine(docs, "about_TokenMonitor.md"), SamplePages.AboutTopic);
        return docs;
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exitCode = Program.Run(args, stdout, stderr);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }
}
