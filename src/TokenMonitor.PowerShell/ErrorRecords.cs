using System.Management.Automation;
using TokenMonitor.Budgets;
using TokenMonitor.Reading;
using TokenMonitor.Store;

namespace TokenMonitor.Commands;

/// <summary>
/// Every ErrorRecord the module writes, in one place: the ErrorIds are public contract (scripts and tests
/// match FullyQualifiedErrorId), so they are named here and nowhere else.
/// </summary>
internal static class ErrorRecords
{
    /// <summary>The one place an ErrorRecord is made: each carries its ErrorId, category, target and what to do next.</summary>
    public static ErrorRecord Create(Exception reason, string errorId, ErrorCategory category, object? target, string recommendedAction, string? message = null) =>
        new(reason, errorId, category, target)
        {
            ErrorDetails = new ErrorDetails(message ?? reason.Message) { RecommendedAction = recommendedAction },
        };

    public static ErrorRecord FromReadIssue(ReadIssue issue)
    {
        var (id, category) = issue.Kind switch
        {
            ReadIssueKind.UnreadableFile => ("UnreadableUsageLog", ErrorCategory.ReadError),
            ReadIssueKind.LineTooLong => ("UsageLineTooLong", ErrorCategory.LimitsExceeded),
            _ => ("InvalidUsageRecord", ErrorCategory.InvalidData),
        };
        return Create(new InvalidDataException($"{issue.Location}: {issue.Reason}"), id, category, issue.Location,
            issue.Kind == ReadIssueKind.UnreadableFile
                ? "Check that the file exists and can be read, then run the command again."
                : "The rest of the file was read. Fix or remove the line if it should count.");
    }

    public static ErrorRecord PathNotFound(string path) =>
        Create(new ItemNotFoundException($"Cannot find path '{path}' because it does not exist."), "PathNotFound", ErrorCategory.ObjectNotFound, path,
            "Check the path; wildcards that match nothing are reported the same way.");

    public static ErrorRecord InvalidPath(Exception reason, string path) =>
        Create(reason, "InvalidPath", ErrorCategory.InvalidArgument, path, "Correct the path, or pass it with -LiteralPath if it holds [ or ].");

    public static ErrorRecord NotFileSystemPath(string path, string provider) =>
        Create(new ArgumentException($"'{path}' is on the {provider} provider; Import-UsageLog reads files only."), "NotFileSystemPath",
            ErrorCategory.InvalidArgument, path, "Give a path on a FileSystem drive.");

    /// <summary>What to do about each kind of bad argument, by ErrorId.</summary>
    private static readonly Dictionary<string, string> ArgumentActions = new(StringComparer.Ordinal)
    {
        ["InvalidTimeZone"] = "Use an IANA id such as Europe/Berlin or a Windows id such as W. Europe Standard Time; Tab completes them.",
        ["InvalidColumnMap"] = "Give -ColumnMap as @{ OurField = 'your column' }; Get-Help Import-UsageLog -Parameter ColumnMap lists the fields.",
        ["InvalidEncoding"] = "Use one of the encodings Get-Help Import-UsageLog -Parameter Encoding lists, or leave it out to detect it.",
        ["InvalidInputObject"] = "Pipe a response object, a hashtable or JSON text that holds a usage section, and name its -Provider.",
        ["InvalidPricingArgument"] = "Check -FallbackModel (Tab completes the catalog's models) and -TimeZone.",
        ["InvalidTokenLimit"] = "Give a token count, such as 2000000, or max for the busiest earlier window.",
    };

    public static ErrorRecord InvalidArgument(Exception reason, string errorId, object? target) =>
        Create(reason, errorId, ErrorCategory.InvalidArgument, target,
            ArgumentActions.GetValueOrDefault(errorId, "Correct the named parameter and run the command again."));

    public static ErrorRecord AlertFailed(AlertResult result) =>
        Create(new InvalidOperationException($"The {result.Channel} alert for budget '{result.Budget}' failed: {result.Reason}"),
            "AlertDeliveryFailed", ErrorCategory.ConnectionError, result.Channel,
            "The failure is recorded in the usage store; the next run of Send-UsageAlert tries this alert again.");

    public static ErrorRecord InvalidAlertChannel(Exception reason, string channel) =>
        Create(reason, "InvalidAlertChannel", ErrorCategory.InvalidArgument, channel,
            "Correct the channel's parameters; Get-Help New-AlertChannel describes each kind.");

    public static ErrorRecord InvalidChannelFile(Alerts.ChannelFileException reason, string path) =>
        Create(reason, "InvalidChannelFile", ErrorCategory.InvalidData, path,
            "Fix each mistake listed; no alert was sent. docs/alerts.md lists the fields of a channel.");

    public static ErrorRecord UnknownAlertChannel(string name, IEnumerable<string> known) =>
        Create(new ArgumentException($"There is no alert channel named '{name}'. Known: {string.Join(", ", known)}. Give 'Console', a channel from New-AlertChannel, or a name from the -BudgetFile's channels."),
            "UnknownAlertChannel", ErrorCategory.ObjectNotFound, name, "Tab completes the channel names of the -BudgetFile given.");

    public static ErrorRecord DuplicateAlertChannel(string name) =>
        Create(new ArgumentException($"Two alert channels are named '{name}'. The once-only state is kept per channel name: give each channel its own -Name."),
            "DuplicateAlertChannel", ErrorCategory.InvalidArgument, name, "Give each channel its own -Name.");

    public static ErrorRecord InvalidPricingFile(Exception reason, string target) =>
        Create(reason, "InvalidPricingFile", ErrorCategory.InvalidData, target,
            "Fix the pricing file (docs/pricing.md describes it), or leave out -PricingFile to use the catalog.");

    public static ErrorRecord UnreadableBudgetFile(Exception reason, string path) =>
        Create(reason, "UnreadableBudgetFile", ErrorCategory.ReadError, path, "Check that the budget file exists and can be read.");

    public static ErrorRecord PricingUpdateFailed(Exception reason, string source) =>
        Create(reason, "PricingUpdateFailed", ErrorCategory.ReadError, source,
            "The catalog in use is unchanged. Check the address or the file, or pass -Path to a downloaded copy of the LiteLLM list.",
            $"The prices were not updated from {source}: {reason.Message}");

    public static ErrorRecord ReportWriteFailed(Exception reason, string path) =>
        Create(reason, "ReportWriteFailed", ErrorCategory.WriteError, path, "Choose a -Path in a folder you can write to.");

    public static ErrorRecord ModelNotFound(string message, string name) =>
        Create(new ItemNotFoundException(message), "ModelNotFound", ErrorCategory.ObjectNotFound, name,
            "Tab completes the catalog's model names; wildcards such as 'claude-*' list several.");

    /// <summary>A store failure; its message and target carry the store's location with any password masked.</summary>
    public static ErrorRecord FromStore(StoreException ex, string? target, ErrorCategory? category = null)
    {
        var (id, kind, action) = ex.Failure switch
        {
            StoreFailure.Open => ("UsageStoreUnavailable", ErrorCategory.OpenError,
                "Check -ConnectionString or $env:TOKENMONITOR_STORE: the SQLite file's folder must be writable; a PostgreSQL server must be reachable with that user and password."),
            StoreFailure.Version => ("UsageStoreVersionTooNew", ErrorCategory.InvalidData, "Update the TokenMonitor module, or use another store."),
            _ => ("UsageStoreFailed", ErrorCategory.WriteError, "Nothing of the failed batch was stored; run the command again to complete it."),
        };
        return Create(ex, id, category ?? kind, target, action);
    }

    public static ErrorRecord InvalidBudget(Exception reason, string budget)
    {
        return Create(reason, "InvalidBudget", ErrorCategory.InvalidArgument, budget, "Correct the named field of the budget and run the command again.");
    }

    public static ErrorRecord InvalidBudgetFile(BudgetFileException reason, string path)
    {
        return Create(reason, "InvalidBudgetFile", ErrorCategory.InvalidData, path,
            "Fix each mistake listed; no budget of the file was evaluated. about_TokenMonitor_Budgets lists the fields.");
    }

    public static ErrorRecord UnexpectedInput(PSObject input, string expected)
    {
        return Create(new ArgumentException($"The input is a {input.BaseObject.GetType().FullName}; this command takes {expected}."),
            "UnexpectedPipelineInput", ErrorCategory.InvalidType, input, "Pipe Import-UsageLog's output into the command, or pass budgets with -Budget.");
    }

    public static ErrorRecord NoBudget(string command) => Create(
        new ArgumentException("No budget was given: pass -Amount, -TokenLimit or -RequestLimit, -Budget (New-TokenBudget), or -BudgetFile."),
        "NoBudget", ErrorCategory.InvalidArgument, command, "Give a limit on the command line, or budgets with -Budget or -BudgetFile.");

    public static ErrorRecord BudgetBreached(IReadOnlyList<BudgetStatus> breaches)
    {
        var exceeded = breaches.Any(b => b.Level == AlertLevel.Exceeded);
        var reason = new BudgetBreachedException(BudgetGate.Explain(breaches), breaches);
        return Create(reason, exceeded ? "BudgetExceeded" : "BudgetForecastToExceed", ErrorCategory.LimitsExceeded,
            breaches.Count == 1 ? breaches[0] : breaches.ToArray(),
            "See where the money went with Measure-TokenCost -GroupBy Day, Model; raise the budget only if the spend is intended.");
    }
}

/// <summary>A budget gate failed; the statuses that failed it travel with the error for scripts that catch it.</summary>
public sealed class BudgetBreachedException(string message, IReadOnlyList<BudgetStatus> statuses) : Exception(message)
{
    public IReadOnlyList<BudgetStatus> Statuses { get; } = statuses;
}
