using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Pwsh = System.Management.Automation.PowerShell;

namespace TokenMonitor.Host;

/// <summary>
/// Runs commands in one runspace with the module imported. Output goes through Out-Default so that format
/// views render, errors are merged into it in order, and exit codes follow pwsh (about_Pwsh): 'exit N' gives N;
/// for -Command, 1 when the last statement failed ($? is false), else 0; for -File, 1 when the script ends
/// with a terminating error, else 0.
/// </summary>
internal sealed class ScriptRunner : IDisposable
{
    private readonly ConsoleHost _host;
    private readonly Runspace _runspace;
    private Pwsh? _current;

    public ScriptRunner(ConsoleHost host, string manifest)
    {
        _host = host;
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(manifest);

        // Let 'Import-Module TokenMonitor' and Get-Module -ListAvailable find it by name as well.
        var modules = Path.GetDirectoryName(Path.GetDirectoryName(manifest))!;
        var path = Environment.GetEnvironmentVariable("PSModulePath");
        Environment.SetEnvironmentVariable("PSModulePath", string.IsNullOrEmpty(path) ? modules : modules + Path.PathSeparator + path);

        _runspace = RunspaceFactory.CreateRunspace(host, state);
        _runspace.Open();

        _runspace.SessionStateProxy.Path.SetLocation(WildcardPattern.Escape(Environment.CurrentDirectory));

        // ImportPSModule reports nothing when the module fails to load: check, so a broken build is never silent.
        using var check = Pwsh.Create();
        check.Runspace = _runspace;
        if (check.AddCommand("Get-Module").AddParameter("Name", "TokenMonitor").Invoke().Count == 0)
        {
            throw new InvalidOperationException($"The TokenMonitor module at '{manifest}' did not load.");
        }
        Console.CancelKeyPress += OnCancel;
    }

    public Runspace Runspace => _runspace;

    private const string StatusVariable = "__tokenmonitorLastStatus";

    public int RunCommand(string command)
    {
        _runspace.SessionStateProxy.SetVariable(StatusVariable, true);
        var code = Run(ps => ps.AddScript(command + Environment.NewLine + $"${StatusVariable} = $?"));
        return code == 0 && _runspace.SessionStateProxy.GetVariable(StatusVariable) is false ? 1 : code;
    }

    public int RunFile(string file, IReadOnlyList<string> arguments)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full))
        {
            _host.UI.WriteErrorLine($"The script '{file}' does not exist.");
            return 64;
        }

        // pwsh -File lets an 'exit N' at the script's own level end the host with N; an 'exit' in a script it
        // calls, or a failing native command, only sets $LASTEXITCODE. The engine does this for the first script
        // it starts once its execution context says so, which pwsh's console host sets and we set here.
        ExitEndsHost.Request(_runspace);
        var (named, positional) = ScriptArguments.Bind(arguments);
        return Run(ps =>
        {
            ps.AddCommand(full);
            foreach (var value in positional) ps.AddArgument(value);
            foreach (System.Collections.DictionaryEntry pair in named) ps.AddParameter((string)pair.Key, pair.Value);
        });
    }

    private int Run(Action<Pwsh> build)
    {
        using var ps = Pwsh.Create();
        ps.Runspace = _runspace;
        build(ps);
        ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
        ps.AddCommand("Out-Default");
        _current = ps;
        try
        {
            ps.Invoke();
            if (ps.InvocationStateInfo.State == PSInvocationState.Stopped) return 130;
            return _host.ShouldExit ? _host.ExitCode : 0;
        }
        catch (RuntimeException ex)
        {
            if (_host.ShouldExit) return _host.ExitCode;
            WriteTerminatingError(ex.ErrorRecord);
            return 1;
        }
        finally
        {
            _current = null;
        }
    }

    private void WriteTerminatingError(ErrorRecord record)
    {
        var position = record.InvocationInfo?.PositionMessage;
        var text = record.ErrorDetails?.Message ?? record.Exception.Message;
        _host.UI.WriteErrorLine(string.IsNullOrEmpty(position) ? text : $"{text}{Environment.NewLine}{position}");
        if (record.ErrorDetails?.RecommendedAction is { Length: > 0 } action) _host.UI.WriteErrorLine(action);
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        // Read once: the pipeline may finish (and be cleared) on the other thread meanwhile.
        var current = Volatile.Read(ref _current);
        if (current is null) return;
        e.Cancel = true;
        try
        {
            current.BeginStop(null, null);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _runspace.Dispose();
    }
}
