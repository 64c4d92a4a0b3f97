using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.Loader;

namespace TokenMonitor.Loading;

/// <summary>
/// Runs as the module is imported, before any cmdlet touches the engine: the cmdlet assembly stays in the default
/// context (PowerShell binds parameters and names output types from it), and when the default context looks for
/// TokenMonitor.Core, which is not beside it but in dependencies/, this answers with the copy loaded into the
/// module's own context. Core's references then resolve inside that context, never against whatever versions of
/// the same libraries other modules loaded. This is the pattern of "Resolving PowerShell module assembly dependency
/// conflicts" in the PowerShell documentation.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineAssembly = "TokenMonitor.Core";
    private static readonly object Gate = new();
    private static DependencyLoadContext? _context;

    /// <summary>The module's context, once imported; tests and diagnostics compare a type's context with it.</summary>
    public static AssemblyLoadContext? Context => _context;

    public void OnImport()
    {
        var engine = EnsureRegistered();
        // Imported as an assembly of the module so that PowerShell resolves its type names ([TokenMonitor.UsageRecord],
        // the views' [TokenMonitor.Money]): PowerShell names types of the default context and of imported modules only.
        // A path in the manifest's NestedModules would load a second copy into the default context instead.
        using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        ps.AddCommand("Import-Module").AddParameter("Assembly", engine).Invoke();
    }

    // The handler stays for the life of the process: the cmdlet assembly cannot be unloaded, and a second import
    // (another runspace, Import-Module -Force) must find the engine the first one loaded.
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
    }

    internal static Assembly EnsureRegistered()
    {
        lock (Gate)
        {
            if (_context is not null) return _context.LoadFromAssemblyName(new AssemblyName(EngineAssembly));
            var moduleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
            _context = new DependencyLoadContext(Path.Combine(moduleFolder, "dependencies"));
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
            return _context.LoadFromAssemblyName(new AssemblyName(EngineAssembly));
        }
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name)
    {
        // Only the engine is answered for: its own references are then bound by the module's context.
        if (!string.Equals(name.Name, EngineAssembly, StringComparison.Ordinal) || _context is null) return null;
        var path = Path.Combine(_context.Folder, EngineAssembly + ".dll");
        return File.Exists(path) ? _context.LoadFromAssemblyName(name) : null;
    }
}
