using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>A PSHost that records what a person would see, with the colour of each write.</summary>
internal sealed class CapturingHost : PSHost
{
    private readonly CapturingUI _ui = new();

    public override string Name => "TokenMonitorTestHost";
    public override Version Version => new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.GetCultureInfo("en-US");

    /// <summary>The text as a person reads it: the formatter's colour escape sequences removed.</summary>
    public string Text => System.Text.RegularExpressions.Regex.Replace(_ui.Text.ToString(), @"\x1b\[[0-9;?]*[A-Za-z]", "");
    public List<(ConsoleColor Colour, string Text)> ColouredLines => _ui.Coloured;

    /// <summary>Progress records the engine handed to the host, in order.</summary>
    public List<ProgressRecord> Progress => _ui.Progress;

    public override void SetShouldExit(int exitCode) { }
    public override void EnterNestedPrompt() { }
    public override void ExitNestedPrompt() { }
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }

    private sealed class CapturingUI : PSHostUserInterface
    {
        public StringBuilder Text { get; } = new();
        public List<(ConsoleColor, string)> Coloured { get; } = [];
        public override PSHostRawUserInterface RawUI { get; } = new FixedRawUI();

        public override void Write(string value) => Text.Append(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
        {
            Coloured.Add((foregroundColor, value));
            Text.Append(value);
        }

        public override void WriteLine(string value) => Text.AppendLine(value);
        public override void WriteLine(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
        {
            Coloured.Add((foregroundColor, value));
            Text.AppendLine(value);
        }

        public override void WriteErrorLine(string value) => Text.AppendLine("ERROR: " + value);
        public override void WriteDebugLine(string message) => Text.AppendLine("DEBUG: " + message);
        public override void WriteVerboseLine(string message) => Text.AppendLine("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => Text.AppendLine("WARNING: " + message);
        public List<ProgressRecord> Progress { get; } = [];
        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            lock (Progress) Progress.Add(record);
        }
        public override string ReadLine() => "";
        public override SecureString ReadLineAsSecureString() => new();
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => [];
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => defaultChoice;
    }

    private sealed class FixedRawUI : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override Size BufferSize { get => new(120, 9999); set { } }
        public override Size WindowSize { get => new(120, 50); set { } }
        public override Size MaxWindowSize => WindowSize;
        public override Size MaxPhysicalWindowSize => WindowSize;
        public override Coordinates CursorPosition { get; set; }
        public override Coordinates WindowPosition { get; set; }
        public override int CursorSize { get; set; }
        public override string WindowTitle { get; set; } = "";
        public override bool KeyAvailable => false;
        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
