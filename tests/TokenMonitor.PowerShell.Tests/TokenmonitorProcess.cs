using System.Diagnostics;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>tokenmonitor as a real process: for exit codes, and for settings (environment variables) that must not leak into other tests.</summary>
internal static class TokenmonitorProcess
{
    public static (int Code, string Out, string Err) Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    public static (int Code, string Out, string Err) Run(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(RepoPaths.HostDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "tokenmonitor did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
