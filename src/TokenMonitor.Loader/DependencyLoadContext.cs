using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace TokenMonitor.Loading;

/// <summary>
/// The module's own load context: TokenMonitor.Core and every library it uses (Microsoft.Data.Sqlite, SQLitePCLRaw,
/// Npgsql, Polly, ZstdSharp, System.IO.Hashing…) load here from the module's dependencies/ folder, so another
/// module that loaded an older Microsoft.Data.Sqlite or Polly into the default context cannot break this one,
/// and this one cannot break it. What the folder does not hold (the BCL, PowerShell itself) comes from the default context.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _folder;

    public DependencyLoadContext(string folder) : base("TokenMonitor", isCollectible: false) => _folder = folder;

    public string Folder => _folder;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(_folder, assemblyName.Name + ".dll");
        // Null hands the request to the default context: shared framework assemblies must stay shared.
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        // SQLite's e_sqlite3 (and any other native library a dependency ships) sits in dependencies/runtimes/<rid>/native,
        // NuGet's layout, which no runtime probing of a module without a deps.json looks at.
        foreach (var rid in NativeRuntimeIds.ForThisProcess())
        {
            foreach (var file in NativeRuntimeIds.FileNames(unmanagedDllName))
            {
                var candidate = Path.Combine(_folder, "runtimes", rid, "native", file);
                if (File.Exists(candidate)) return LoadUnmanagedDllFromPath(candidate);
            }
        }

        return IntPtr.Zero;
    }
}
