using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TokenMonitor.Testing;

/// <summary>
/// A real SMTP server for email channel tests: Debian's aiosmtpd (python3-aiosmtpd) on 127.0.0.1, writing each message
/// it accepts to a Maildir. It runs under /usr/bin/python3, where the Debian package installs (a pyenv python on PATH
/// would not have it). <see cref="Available"/> is false without it; .ci/run installs it.
/// </summary>
internal sealed class SmtpTestServer : IDisposable
{
    public const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly string _folder;

    /// <param name="tlsCertificate">PEM certificate and key: the server then offers STARTTLS with them, or with
    /// <paramref name="implicitTls"/> speaks TLS from the first byte (SMTPS).</param>
    public SmtpTestServer((string Certificate, string Key)? tlsCertificate = null, bool implicitTls = false)
    {
        _folder = Directory.CreateTempSubdirectory("tm-smtp-").FullName;
        Maildir = Path.Combine(_folder, "mail");
        Port = FreePort();
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox" }) start.ArgumentList.Add(arg);
        if (tlsCertificate is { } tls)
        {
            var (cert, key) = implicitTls ? ("--smtpscert", "--smtpskey") : ("--tlscert", "--tlskey");
            foreach (var arg in new[] { cert, tls.Certificate, key, tls.Key }) start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add(Maildir);
        _process = Process.Start(start)!;
        var deadline = Stopwatch.StartNew();
        while (!Listening())
        {
            if (_process.HasExited) throw new InvalidOperationException($"aiosmtpd exited: {_process.StandardError.ReadToEnd()}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("aiosmtpd did not start listening within 20 s");
            Thread.Sleep(50);
        }
    }

    public static bool Available { get; } = File.Exists(Python) && Probe();

    public static string SkipReason =>
        "SKIPPED: no SMTP test server. Install Debian's python3-aiosmtpd (apt-get install python3-aiosmtpd; .ci/run does this).";

    public int Port { get; }

    public string Maildir { get; }

    /// <summary>The raw messages received so far (Maildir 'new' files).</summary>
    public IReadOnlyList<string> Messages()
    {
        var inbox = Path.Combine(Maildir, "new");
        return Directory.Exists(inbox) ? Directory.EnumerateFiles(inbox).Select(File.ReadAllText).ToList() : [];
    }

    private bool Listening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Probe()
    {
        using var probe = Process.Start(new ProcessStartInfo(Python, "-c \"import aiosmtpd\"") { RedirectStandardError = true, UseShellExecute = false })!;
        probe.WaitForExit(20_000);
        return probe.ExitCode == 0;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5_000);
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
