using NuGet.Packaging;
using NuGet.Versioning;

namespace TokenMonitor.ModulePackager;

/// <summary>
/// Writes the package PSResourceGet's Publish-PSResource makes of a module folder: every file of the module at the
/// package root, and a nuspec whose id and version are the manifest's, with the Gallery's search tags.
/// </summary>
internal static class GalleryPackage
{
    public static string Write(string moduleFolder, string outputFolder)
    {
        var manifest = ModuleManifest.Read(Path.Combine(moduleFolder, Path.GetFileName(Path.TrimEndingDirectorySeparator(moduleFolder)) + ".psd1"));
        var version = manifest.Prerelease is { Length: > 0 } label
            ? new NuGetVersion(manifest.Version, label)
            : new NuGetVersion(manifest.Version);

        var builder = new PackageBuilder
        {
            Id = manifest.Name,
            Version = version,
            Description = manifest.Description,
            Copyright = manifest.Copyright,
            ReleaseNotes = manifest.ReleaseNotes,
        };
        builder.Authors.Add(manifest.Author);
        builder.Owners.Add(manifest.CompanyName ?? manifest.Author);
        if (manifest.ProjectUri is { } project) builder.ProjectUrl = new Uri(project);
        // The Gallery shows a module's licence from licenseUrl; PSResourceGet still writes it for modules.
        if (manifest.LicenseUri is { } license) builder.LicenseUrl = new Uri(license);
        builder.Tags.AddRange(Tags(manifest));

        foreach (var file in Directory.EnumerateFiles(moduleFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            builder.Files.Add(new PhysicalPackageFile
            {
                SourcePath = file,
                TargetPath = Path.GetRelativePath(moduleFolder, file).Replace('\\', '/'),
            });
        }

        Directory.CreateDirectory(outputFolder);
        var path = Path.Combine(outputFolder, $"{manifest.Name}.{version.ToNormalizedString()}.nupkg");
        using (var stream = File.Create(path)) builder.Save(stream);
        return path;
    }

    /// <summary>The manifest's tags, then what the Gallery searches on: PSModule, and one PSCmdlet_/PSCommand_ tag per command.</summary>
    public static IEnumerable<string> Tags(ModuleManifest manifest)
    {
        var tags = new List<string>(manifest.Tags) { "PSModule" };
        if (manifest.Cmdlets.Count > 0) tags.Add("PSIncludes_Cmdlet");
        if (manifest.Functions.Count > 0) tags.Add("PSIncludes_Function");
        foreach (var cmdlet in manifest.Cmdlets) tags.AddRange([$"PSCmdlet_{cmdlet}", $"PSCommand_{cmdlet}"]);
        foreach (var function in manifest.Functions) tags.AddRange([$"PSFunction_{function}", $"PSCommand_{function}"]);
        return tags.Distinct(StringComparer.OrdinalIgnoreCase);
    }
}
