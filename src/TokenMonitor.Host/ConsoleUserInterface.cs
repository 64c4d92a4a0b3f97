using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace TokenMonitor.Host;

/// <summary>
/// Writes PowerShell's streams to the console: output to stdout, errors to stderr in red, warnings, verbose
/// and debug text with pwsh's prefixes, progress as one line on a terminal (never into redirected output).
/// </summary>
internal sealed partial class ConsoleUserInterface : PSHostUserInterface
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial System.Text.RegularExpressions.Regex AnsiEscape();

    private readonly ConsoleRawUserInterface _raw = new();
    private readonly object _gate = new();
    private bool _progressShown;

    public override PSHostRawUserInterface RawUI => _raw;

    // PowerShell styles table headers with ANSI escapes only where the host says it can show them.
    public override bool SupportsVirtualTerminal =>
        !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public override void Write(string value) => Out(Console.Out, null, value);

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) =>
        Out(Console.Out, foregroundColor, value);

    public override void WriteLine(string value) => Out(Console.Out, null, value + Environment.NewLine);

    public override void WriteLine(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) =>
        Out(Console.Out, foregroundColor, value + Environment.NewLine);

    public override void WriteErrorLine(string value) => Out(Console.Error, ConsoleColor.Red, value + Environment.NewLine);

    public override void WriteWarningLine(string message) => Out(Console.Out, ConsoleColor.Yellow, $"WARNING: {message}{Environment.NewLine}");

    public override void WriteVerboseLine(string message) => Out(Console.Out, ConsoleColor.Yellow, $"VERBOSE: {message}{Environment.NewLine}");

    public override void WriteDebugLine(string message) => Out(Console.Out, ConsoleColor.Yellow, $"DEBUG: {message}{Environment.NewLine}");

    public override void WriteInformation(InformationRecord record)
    {
        // Write-Host output arrives as host-tagged information and is written by the engine through Write/WriteLine.
    }

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        if (Console.IsErrorRedirected) return;
        lock (_gate)
        {
            if (record.RecordType == ProgressRecordType.Completed)
            {
                if (_progressShown) Console.Error.Write("\r" + new string(' ', Width()) + "\r");
                _progressShown = false;
                return;
            }

            var percent = record.PercentComplete >= 0 ? $" {record.PercentComplete,3}%" : "";
            var line = $"{record.Activity}:{percent} {record.StatusDescription}";
            if (line.Length > Width() - 1) line = line[..(Width() - 1)];
            Console.Error.Write("\r" + line.PadRight(Width() - 1));
            _progressShown = true;
        }
    }

    public override string ReadLine() => Console.ReadLine() ?? "";

    public override SecureString ReadLineAsSecureString()
    {
        var secure = new SecureString();
        foreach (var c in ReadLine()) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
        if (!string.IsNullOrEmpty(message)) WriteLine(message);
        var answers = new Dictionary<string, PSObject>();
        foreach (var field in descriptions)
        {
            Write($"{field.Name}: ");
            answers[field.Name] = PSObject.AsPSObject(ReadLine());
        }

        return answers;
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
    {
        WriteLine(message);
        if (string.IsNullOrEmpty(userName))
        {
            Write("User: ");
            userName = ReadLine();
        }

        Write("Password: ");
        return new PSCredential(userName, ReadLineAsSecureString());
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        if (Console.IsInputRedirected) return defaultChoice;
        WriteLine(caption);
        WriteLine(message);
        for (var i = 0; i < choices.Count; i++) WriteLine($"[{i}] {choices[i].Label.Replace("&", "")}  {choices[i].HelpMessage}");
        Write($"Choice (default {defaultChoice}): ");
        return int.TryParse(ReadLine(), out var chosen) && chosen >= 0 && chosen < choices.Count ? chosen : defaultChoice;
    }

    private void Out(TextWriter writer, ConsoleColor? colour, string text)
    {
        lock (_gate)
        {
            if (_progressShown)
            {
                Console.Error.Write("\r" + new string(' ', Width()) + "\r");
                _progressShown = false;
            }

            var redirected = ReferenceEquals(writer, Console.Error) ? Console.IsErrorRedirected : Console.IsOutputRedirected;
            var plain = redirected || Environment.GetEnvironmentVariable("NO_COLOR") is not null;

            // The formatter styles headers and errors with escape sequences whatever the host says; a file or a CI
            // log gets the text without them, as pwsh writes it.
            if (plain) text = AnsiEscape().Replace(text, "");
            if (colour is { } c && !plain)
            {
                writer.Write($"\u001b[{AnsiCode(c)}m{text.TrimEnd('\r', '\n')}\u001b[0m");
                if (text.EndsWith('\n')) writer.WriteLine();
            }
            else
            {
                writer.Write(text);
            }

            writer.Flush();
        }
    }

    private static int Width()
    {
        try
        {
            return Console.IsErrorRedirected ? 120 : Math.Max(20, Console.WindowWidth);
        }
        catch (IOException)
        {
            return 120;
        }
    }

    private static int AnsiCode(ConsoleColor c) => c switch
    {
        ConsoleColor.Black => 30, ConsoleColor.DarkRed => 31, ConsoleColor.DarkGreen => 32, ConsoleColor.DarkYellow => 33,
        ConsoleColor.DarkBlue => 34, ConsoleColor.DarkMagenta => 35, ConsoleColor.DarkCyan => 36, ConsoleColor.Gray => 37,
        ConsoleColor.DarkGray => 90, ConsoleColor.Red => 91, ConsoleColor.Green => 92, ConsoleColor.Yellow => 93,
        ConsoleColor.Blue => 94, ConsoleColor.Magenta => 95, ConsoleColor.Cyan => 96, _ => 97,
    };
}
