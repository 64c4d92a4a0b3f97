namespace TokenMonitor.PowerShell.Tests;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string Manifest => Path.Combine(Root, "out", "TokenMonitor", "TokenMonitor.psd1");
    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>The host built in the same configuration as these tests.</summary>
    public static string HostDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
            var path = Path.Combine(Root, "src", "TokenMonitor.Host", "bin", configuration, "net10.0", "tokenmonitor.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the host first.", path);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TokenMonitor.sln"))) return dir.FullName;
        }

        throw new DirectoryNotFoundException("TokenMonitor.sln not found above " + AppContext.BaseDirectory);
    }
}
