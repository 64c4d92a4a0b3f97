using System.Collections;
using System.IO.Compression;
using System.Management.Automation.Language;
using System.Xml.Linq;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>The Gallery package agrees with the manifest it was made from (what `build.ps1 -Task Package` writes).</summary>
public class PackageTests
{
    private static string PackagerDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
            return Path.Combine(RepoPaths.Root, "tools", "TokenMonitor.ModulePackager", "bin", configuration, "net10.0", "TokenMonitor.ModulePackager.dll");
        }
    }

    [Fact]
    public void The_package_holds_every_file_the_manifest_names_and_carries_its_version_and_commands()
    {
        var moduleFolder = Path.GetDirectoryName(RepoPaths.Manifest)!;
        var output = Directory.CreateTempSubdirectory("tm-package-").FullName;
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { PackagerDll, moduleFolder, output }) start.ArgumentList.Add(arg);
            using (var process = System.Diagnostics.Process.Start(start)!)
            {
                var err = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, err);
            }

            var manifest = ReadManifest(RepoPaths.Manifest);
            var version = (string)manifest["ModuleVersion"]!;
            var package = Path.Combine(output, $"TokenMonitor.{version}.nupkg");
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();

            var named = new List<string> { (string)manifest["RootModule"]! };
            named.AddRange(Strings(manifest["NestedModules"]));
            named.AddRange(Strings(manifest["FormatsToProcess"]));
            named.AddRange(Strings(manifest["TypesToProcess"]));
            Assert.All(named, file => Assert.Contains(file, entries));
            Assert.Contains("TokenMonitor.psd1", entries);
            Assert.Contains("en-US/TokenMonitor.PowerShell.dll-Help.xml", entries);
            Assert.Contains("dependencies/TokenMonitor.Core.dll", entries);
            // Module files at the root as Publish-PSResource lays them out, not NuGet's lib/ or content/ folders.
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("content/", StringComparison.Ordinal));
            var moduleFiles = Directory.EnumerateFiles(moduleFolder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(moduleFolder, f).Replace('\\', '/'));
            Assert.All(moduleFiles, file => Assert.Contains(file, entries));

            XNamespace ns = "http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd";
            using var nuspecStream = zip.GetEntry("TokenMonitor.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Element(ns + "metadata")!;
            Assert.Equal("TokenMonitor", metadata.Element(ns + "id")!.Value);
            Assert.Equal(version, metadata.Element(ns + "version")!.Value);
            Assert.Equal((string)manifest["Author"]!, metadata.Element(ns + "authors")!.Value);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")!.Value));
            Assert.NotNull(metadata.Element(ns + "licenseUrl"));
            Assert.NotNull(metadata.Element(ns + "projectUrl"));
            Assert.Null(metadata.Element(ns + "dependencies"));
            var tags = metadata.Element(ns + "tags")!.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("PSModule", tags);
            Assert.Contains("PSEdition_Core", tags);
            var cmdlets = Strings(manifest["CmdletsToExport"]).Order().ToList();
            Assert.Equal(cmdlets, tags.Where(t => t.StartsWith("PSCmdlet_")).Select(t => t["PSCmdlet_".Length..]).Order());
            Assert.Equal(cmdlets, tags.Where(t => t.StartsWith("PSCommand_")).Select(t => t["PSCommand_".Length..]).Order());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static Hashtable ReadManifest(string path)
    {
        var ast = Parser.ParseFile(path, out _, out var errors);
        Assert.Empty(errors);
        return (Hashtable)((HashtableAst)ast.Find(a => a is HashtableAst, false)!).SafeGetValue();
    }

    private static IEnumerable<string> Strings(object? value) => value switch
    {
        null => [],
        string one => [one],
        IEnumerable many => many.Cast<object>().Select(o => o.ToString()!),
        _ => [value.ToString()!],
    };
}
