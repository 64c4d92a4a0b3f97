using System.Xml.Linq;

namespace TokenMonitor.HelpCompiler;

/// <summary>
/// The MAML document built from every page that compiled cleanly, and the problems found in the others.
/// </summary>
public sealed record CompileResult(XDocument Document, IReadOnlyList<Diagnostic> Diagnostics, int CommandCount)
{
    public bool Succeeded => Diagnostics.Count == 0;
}
