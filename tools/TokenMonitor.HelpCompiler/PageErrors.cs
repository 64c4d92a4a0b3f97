namespace TokenMonitor.HelpCompiler;

/// <summary>Collects the diagnostics of one page, so a page with any error is left out of the MAML.</summary>
internal sealed class PageErrors(string path, List<Diagnostic> sink)
{
    public int Count { get; private set; }

    public void Add(int line, string message)
    {
        sink.Add(new Diagnostic(path, line, message));
        Count++;
    }
}
