using System.Reflection;
using System.Runtime.Loader;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>
/// The module's engine and libraries load into its own AssemblyLoadContext from dependencies/, so another module's
/// versions of the same libraries in the default context neither break it nor are broken by it.
/// </summary>
public class DependencyIsolationTests
{
    private static string Dependencies => Path.Combine(Path.GetDirectoryName(RepoPaths.Manifest)!, "dependencies");

    [Fact]
    public void The_engine_and_its_libraries_load_into_the_modules_own_context()
    {
        var db = Path.Combine(Directory.CreateTempSubdirectory("tm-alc-").FullName, "usage.db");
        var run = HostedSession.Run($"""
            Import-UsageLog ./samples/claude -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Save-UsageRecord -ConnectionString '{db}'
            @(Get-UsageRecord -ConnectionString '{db}').Count
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([TokenMonitor.UsageRecord].Assembly).Name
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([TokenMonitor.Commands.ImportUsageLogCommand].Assembly).Name
            """);
        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(18, (int)run.Output[0].BaseObject);
        Assert.Equal("TokenMonitor", run.Output[1].ToString()); // a script names the engine's types, yet they are not in Default
        Assert.Equal("Default", run.Output[2].ToString());      // the cmdlets stay where PowerShell binds them

        // Every assembly of dependencies/ that this process loaded came from the module's context; none of them from Default.
        var fromModule = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && a.Location.StartsWith(Dependencies, StringComparison.Ordinal)).ToList();
        var names = fromModule.Select(a => a.GetName().Name).ToHashSet();
        Assert.Superset(new HashSet<string?> { "TokenMonitor.Core", "Microsoft.Data.Sqlite", "SQLitePCLRaw.core", "Polly.Core" }, names);
        Assert.All(fromModule, a => Assert.Equal("TokenMonitor", AssemblyLoadContext.GetLoadContext(a)!.Name));
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => !a.IsDynamic && a.Location.StartsWith(Dependencies, StringComparison.Ordinal));
    }

    [Fact]
    public void An_older_Microsoft_Data_Sqlite_loaded_first_by_someone_else_does_not_break_the_store()
    {
        var older = Path.Combine(AppContext.BaseDirectory, "conflicting", "Microsoft.Data.Sqlite.dll");
        Assert.Equal(new Version(8, 0, 30, 0), AssemblyName.GetAssemblyName(older).Version);
        var folder = Directory.CreateTempSubdirectory("tm-conflict-").FullName;
        try
        {
            // tokenmonitor imports its -Module before running the command: here that is "another module" which loads the
            // older library into the default context, as a module shipping it would; the real module is imported after it.
            // It is named TokenMonitor only because tokenmonitor checks that a module of that name was imported.
            var other = Path.Combine(folder, "TokenMonitor.psm1");
            File.WriteAllText(other, $"$null = [System.Reflection.Assembly]::LoadFrom('{older}'); [Microsoft.Data.Sqlite.SqliteConnection] | Out-Null");
            var db = Path.Combine(folder, "usage.db");
            var (exit, stdout, stderr) = TokenmonitorProcess.Run("-Module", other, "-Command", $$"""
                Import-Module '{{RepoPaths.Manifest}}'
                Import-UsageLog ./samples/claude -Recurse -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Save-UsageRecord -ConnectionString '{{db}}'
                'stored=' + @(Get-UsageRecord -ConnectionString '{{db}}').Count
                [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' } |
                    ForEach-Object { '{0}={1}' -f [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name, $_.GetName().Version }
                """);
            Assert.True(stderr.Trim().Length == 0, $"{exit}\n{stderr}\n{stdout}");
            Assert.Contains("stored=18", stdout);
            Assert.Contains("Default=8.0.30.0", stdout);      // the other module's copy stays as it was
            Assert.Contains("TokenMonitor=9.0.19.0", stdout); // and the module uses its own
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
