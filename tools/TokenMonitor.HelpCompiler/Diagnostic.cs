namespace TokenMonitor.HelpCompiler;

/// <summary>A problem in one markdown page; <see cref="Line"/> is 1-based.</summary>
public sealed record Diagnostic(string File, int Line, string Message)
{
    // The "file:line: error:" shape is what editors and CI log scrapers turn into a clickable location.
    public override string ToString() => $"{File}:{Line}: error: {Message}";
}
