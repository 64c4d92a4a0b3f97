using System.Reflection;
using System.Runtime.InteropServices;

namespace TokenMonitor.Store;

/// <summary>
/// Lets SQLitePCLRaw find its native e_sqlite3 where the module keeps it, runtimes/&lt;rid&gt;/native beside the
/// assemblies. An application finds it through its deps.json, but PowerShell loads a module's assemblies without
/// one, so inside pwsh or the tokenmonitor host the library would not be found without this.
/// </summary>
internal static class SqliteNativeLibrary
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        var provider = typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly;
        try
        {
            NativeLibrary.SetDllImportResolver(provider, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Someone registered a resolver for this assembly already; theirs stands.
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "e_sqlite3") return IntPtr.Zero;
        var folder = Path.GetDirectoryName(assembly.Location);
        if (string.IsNullOrEmpty(folder)) return IntPtr.Zero;
        foreach (var rid in RuntimeIds())
        {
            var candidate = Path.Combine(folder, "runtimes", rid, "native", FileName);
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        }

        // Falls back to the runtime's own probing (an application's deps.json, the assembly's folder).
        return IntPtr.Zero;
    }

    private static string FileName =>
        OperatingSystem.IsWindows() ? "e_sqlite3.dll" : OperatingSystem.IsMacOS() ? "libe_sqlite3.dylib" : "libe_sqlite3.so";

    private static IEnumerable<string> RuntimeIds()
    {
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };
        if (OperatingSystem.IsWindows()) yield return $"win-{arch}";
        else if (OperatingSystem.IsMacOS()) yield return $"osx-{arch}";
        else
        {
            if (RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase)) yield return $"linux-musl-{arch}";
            yield return $"linux-{arch}";
        }
    }
}
