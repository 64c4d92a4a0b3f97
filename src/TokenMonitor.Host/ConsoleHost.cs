using System.Globalization;
using System.Management.Automation.Host;

namespace TokenMonitor.Host;

/// <summary>The PSHost behind tokenmonitor: a console UI, and the exit code a script asks for.</summary>
internal sealed class ConsoleHost : PSHost
{
    private readonly Guid _id = Guid.NewGuid();
    private readonly ConsoleUserInterface _ui = new();

    public override string Name => "TokenMonitorHost";
    public override Version Version => typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(0, 0);
    public override Guid InstanceId => _id;
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

    public bool ShouldExit { get; private set; }
    public int ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode)
    {
        ShouldExit = true;
        ExitCode = exitCode;
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException("tokenmonitor has no nested prompts.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("tokenmonitor has no nested prompts.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}
