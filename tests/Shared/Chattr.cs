namespace TokenMonitor.Testing;

/// <summary>
/// Makes a file or folder immutable (chattr +i) for read-only tests: the tests run as root, which ignores chmod, but
/// not the immutable flag. False where chattr is missing or the file system does not support it.
/// </summary>
internal static class Chattr
{
    public static bool Set(string flag, string path)
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
