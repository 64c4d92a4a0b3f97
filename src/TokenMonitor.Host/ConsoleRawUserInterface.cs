using System.Management.Automation.Host;

namespace TokenMonitor.Host;

/// <summary>
/// The little of the raw console the formatter needs: the width it lays tables out to. A redirected console
/// gets a fixed width of 120 so that output written to files and CI logs does not depend on the terminal.
/// </summary>
internal sealed class ConsoleRawUserInterface : PSHostRawUserInterface
{
    private const int RedirectedWidth = 120;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override Coordinates CursorPosition { get; set; }
    public override int CursorSize { get; set; } = 1;
    public override string WindowTitle { get; set; } = "tokenmonitor";
    public override bool KeyAvailable => !Console.IsInputRedirected && Console.KeyAvailable;

    public override Size BufferSize
    {
        get => new(Width(), 9999);
        set { }
    }

    public override Size WindowSize
    {
        get => new(Width(), Height());
        set { }
    }

    public override Size MaxWindowSize => WindowSize;
    public override Size MaxPhysicalWindowSize => WindowSize;
    public override Coordinates WindowPosition { get; set; }

    private static int Width()
    {
        if (Console.IsOutputRedirected) return RedirectedWidth;
        try
        {
            return Math.Max(40, Console.WindowWidth);
        }
        catch (IOException)
        {
            return RedirectedWidth;
        }
    }

    private static int Height()
    {
        try
        {
            return Console.IsOutputRedirected ? 50 : Math.Max(10, Console.WindowHeight);
        }
        catch (IOException)
        {
            return 50;
        }
    }

    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("tokenmonitor reads whole lines only.");
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
}
