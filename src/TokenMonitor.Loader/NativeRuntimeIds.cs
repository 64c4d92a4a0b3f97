using System.Runtime.InteropServices;

namespace TokenMonitor.Loading;

/// <summary>The runtimes/&lt;rid&gt; folder names NuGet packages put native libraries in, for this process, most specific first.</summary>
internal static class NativeRuntimeIds
{
    public static IEnumerable<string> ForThisProcess()
    {
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(); // x64, arm64, x86, arm
        if (OperatingSystem.IsWindows()) yield return $"win-{arch}";
        else if (OperatingSystem.IsMacOS()) yield return $"osx-{arch}";
        else
        {
            if (RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase)) yield return $"linux-musl-{arch}";
            yield return $"linux-{arch}";
        }
    }

    /// <summary>The file a DllImport name stands for on this platform: e_sqlite3 is libe_sqlite3.so on Linux.</summary>
    public static IEnumerable<string> FileNames(string name)
    {
        if (Path.HasExtension(name)) yield return name;
        if (OperatingSystem.IsWindows()) yield return name + ".dll";
        else if (OperatingSystem.IsMacOS()) { yield return "lib" + name + ".dylib"; yield return name + ".dylib"; }
        else { yield return "lib" + name + ".so"; yield return name + ".so"; }
    }
}
