using System.Management.Automation;
using System.Reflection;

namespace TokenMonitor.Commands;

/// <summary>
/// A cmdlet that can take UsageRecords straight from the command before it in the pipeline, as its ProcessRecord
/// would have taken them from the pipeline, without each record being written and bound as a parameter.
/// </summary>
internal interface IUsageRecordSink
{
    /// <summary>
    /// Whether records may skip the pipeline into this command: asked once, after every command's BeginProcessing.
    /// True only when its output does not depend on ProcessRecord running per record (it aggregates) and its input
    /// would come from the pipeline.
    /// </summary>
    bool AcceptsRecords { get; }

    /// <summary>
    /// Takes one record. Runs while the upstream command executes, so it must not write to any stream
    /// (PowerShell lets only the executing command write): what it has to say waits for its own EndProcessing.
    /// </summary>
    void Accept(UsageRecord record);

    /// <summary>
    /// Work on each record that may run on the reading threads before <see cref="Accept"/> sees it (pricing): it must be
    /// thread-safe and write nothing. Null when there is none.
    /// </summary>
    Action<UsageRecord>? Prepare { get; }
}

/// <summary>
/// Pipeline fusion: <c>Import-UsageLog | Measure-TokenCost -GroupBy Day</c> would pay PowerShell's per-object cost
/// (WriteObject, a PSObject, parameter binding, ProcessRecord) a million times for records that are only summed.
/// When the command right after Import-UsageLog is an <see cref="IUsageRecordSink"/> that accepts, Import-UsageLog
/// hands it each record directly instead.
///
/// PowerShell has no public way to reach the downstream command, so this reads engine internals by reflection:
/// the cmdlet's MshCommandRuntime.OutputPipe (a Pipe), its DownstreamCmdlet (a CommandProcessorBase) and that
/// processor's Command (the cmdlet instance). The members are looked up once; if any is missing (a PowerShell that
/// renamed them) or anything throws, <see cref="FindSink"/> returns null and records go through the pipeline as
/// before: fusion only ever falls back, it never fails. A hosted test asserts that it does happen on the SMA the
/// tests run, so a rename cannot turn it off unnoticed.
/// </summary>
internal static class PipelineFusion
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    // Whichever common parameters make the upstream command's output more than a stream of objects to the next
    // command: its output variable, a pipeline variable the next commands read, or buffering.
    private static readonly string[] OutputParameters = ["OutVariable", "PipelineVariable", "OutBuffer"];

    private static readonly Accessors? s_accessors = Accessors.Find();

    private sealed record Accessors(PropertyInfo OutputPipe, PropertyInfo DownstreamCmdlet, PropertyInfo Command)
    {
        public static Accessors? Find()
        {
            try
            {
                var engine = typeof(PSCmdlet).Assembly;
                var outputPipe = engine.GetType("System.Management.Automation.MshCommandRuntime")?.GetProperty("OutputPipe", Instance);
                var downstream = outputPipe?.PropertyType.GetProperty("DownstreamCmdlet", Instance);
                var command = downstream?.PropertyType.GetProperty("Command", Instance);
                return outputPipe?.GetMethod is null || downstream?.GetMethod is null || command?.GetMethod is null
                    ? null
                    : new Accessors(outputPipe, downstream, command);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Whether a sink's records would come from the pipeline, which is when they may come straight from upstream instead:
    /// it expects input and <paramref name="inputParameter"/> was not given by name.
    /// </summary>
    public static bool TakesRecordsFromPipeline(PSCmdlet sink, string inputParameter) =>
        sink.MyInvocation.ExpectingInput && !sink.MyInvocation.BoundParameters.ContainsKey(inputParameter);

    /// <summary>
    /// The command that takes <paramref name="upstream"/>'s output when records may be handed to it directly; null
    /// for the ordinary pipeline. Call once the pipeline runs (every BeginProcessing done), not per record.
    /// </summary>
    public static IUsageRecordSink? FindSink(PSCmdlet upstream)
    {
        if (s_accessors is not { } accessors) return null;
        try
        {
            var invocation = upstream.MyInvocation;

            // Not the last command of its own pipeline: its output pipe is the one that pipeline made to the next
            // command. The last command of a function's pipeline shares the function's pipe, whose -OutVariable and
            // -PipelineVariable belong to the function call and would be skipped.
            if (invocation.PipelinePosition < 1 || invocation.PipelinePosition >= invocation.PipelineLength) return null;
            foreach (var name in OutputParameters)
            {
                if (invocation.BoundParameters.ContainsKey(name)) return null;
            }

            var runtime = upstream.CommandRuntime;
            if (!accessors.OutputPipe.DeclaringType!.IsInstanceOfType(runtime)) return null;
            var pipe = accessors.OutputPipe.GetValue(runtime);
            var processor = pipe is null ? null : accessors.DownstreamCmdlet.GetValue(pipe);
            var command = processor is null ? null : accessors.Command.GetValue(processor);
            return command is IUsageRecordSink sink
                && command is PSCmdlet { MyInvocation.PipelinePosition: var position }
                && position == invocation.PipelinePosition + 1
                && sink.AcceptsRecords
                ? sink
                : null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }
}
