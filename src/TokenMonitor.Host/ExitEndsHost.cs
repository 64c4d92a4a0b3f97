using System.Management.Automation.Runspaces;
using System.Reflection;

namespace TokenMonitor.Host;

/// <summary>
/// Sets the engine's ExecutionContext.ScriptCommandProcessorShouldRethrowExit, as pwsh's console host does for
/// -File, so that the script's own 'exit N' reaches the host as SetShouldExit(N). The flag is internal to
/// System.Management.Automation; if a later engine renames it, exit codes fall back to 0 or 1 and a warning
/// says so, rather than the host failing.
/// </summary>
internal static class ExitEndsHost
{
    private const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    public static bool Request(Runspace runspace)
    {
        var context = FindProperty(runspace.GetType(), "ExecutionContext")?.GetValue(runspace);
        var flag = context is null ? null : FindProperty(context.GetType(), "ScriptCommandProcessorShouldRethrowExit");
        if (flag is null)
        {
            Console.Error.WriteLine("WARNING: this PowerShell engine does not let tokenmonitor pass a script's 'exit N' on as its exit code.");
            return false;
        }

        flag.SetValue(context, true);
        return true;
    }

    private static PropertyInfo? FindProperty(Type? type, string name)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.GetProperty(name, Internal) is { } property) return property;
        }

        return null;
    }
}
