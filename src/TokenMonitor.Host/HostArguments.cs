namespace TokenMonitor.Host;

/// <summary>tokenmonitor's command line, a subset of pwsh's: -Command, -File with script arguments, or neither.</summary>
internal sealed record HostArguments
{
    public string? Command { get; init; }
    public string? File { get; init; }
    public IReadOnlyList<string> FileArguments { get; init; } = [];
    public string? ModulePath { get; init; }
    public bool ShowHelp { get; init; }
    public bool NoExit { get; init; }

    public static HostArguments Parse(IReadOnlyList<string> args)
    {
        var result = new HostArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg.ToLowerInvariant())
            {
                case "-command" or "-c" or "--command":
                    // Like pwsh, everything after -Command is the command.
                    return result with { Command = string.Join(' ', args.Skip(i + 1)) };
                case "-file" or "-f" or "--file":
                    if (i + 1 >= args.Count) throw new ArgumentException("-File needs a script path.");
                    return result with { File = args[i + 1], FileArguments = args.Skip(i + 2).ToArray() };
                case "-module" or "--module":
                    if (i + 1 >= args.Count) throw new ArgumentException("-Module needs a path to TokenMonitor.psd1.");
                    result = result with { ModulePath = args[++i] };
                    break;
                case "-noexit":
                    result = result with { NoExit = true };
                    break;
                case "-noprofile" or "-nologo" or "-noninteractive":
                    break; // accepted for pwsh compatibility: the host never loads profiles or prints a logo
                case "-help" or "--help" or "-h" or "-?" or "/?":
                    result = result with { ShowHelp = true };
                    break;
                default:
                    if (arg.StartsWith('-')) throw new ArgumentException($"Unknown option '{arg}'. Run tokenmonitor -Help.");
                    // A bare first argument is a script, as with pwsh.
                    return result with { File = arg, FileArguments = args.Skip(i + 1).ToArray() };
            }
        }

        return result;
    }

    public const string Usage = """
        tokenmonitor: the TokenMonitor module in a PowerShell engine, for machines without pwsh.

        tokenmonitor -Command '<pipeline>'     run a command, e.g. 'Import-UsageLog ./samples -Recurse | Measure-TokenCost -Summary'
        tokenmonitor -File <script.ps1> [args] run a script with arguments
        tokenmonitor                           an interactive prompt (exit to leave)

        Options: -Module <path to TokenMonitor.psd1> (default: the module built beside the host), -NoExit.
        Exit code: 0, the N of 'exit N', or 1 when the command or script ends with a terminating error.
        """;
}
