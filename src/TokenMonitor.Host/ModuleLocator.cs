namespace TokenMonitor.Host;

/// <summary>Finds the assembled module: -Module, $env:TOKENMONITOR_MODULE, beside the host, or out/TokenMonitor above it.</summary>
internal static class ModuleLocator
{
    public const string ManifestName = "TokenMonitor.psd1";

    public static string Find(string? explicitPath)
    {
        var requested = explicitPath ?? Environment.GetEnvironmentVariable("TOKENMONITOR_MODULE");
        if (!string.IsNullOrEmpty(requested))
        {
            var full = Path.GetFullPath(requested);
            var manifest = Directory.Exists(full) ? Path.Combine(full, ManifestName) : full;
            return File.Exists(manifest) ? manifest : throw new FileNotFoundException($"No module manifest at '{manifest}'.");
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "Modules", "TokenMonitor", ManifestName);
        if (File.Exists(beside)) return beside;

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "out", "TokenMonitor", ManifestName);
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException("The TokenMonitor module was not found beside tokenmonitor. Build it with 'dotnet build' or pass -Module <path to TokenMonitor.psd1>.");
    }
}
