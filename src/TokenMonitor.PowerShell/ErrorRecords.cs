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
    public static ErrorRecord FromReadIssue(ReadIssue issue)
    {
        var (id, category) = issue.Kind switch
        {
            ReadIssueKind.UnreadableFile => ("UnreadableUsageLog", ErrorCategory.ReadError),
            ReadIssueKind.LineTooLong => ("UsageLineTooLong", ErrorCategory.LimitsExceeded),
            _ => ("InvalidUsageRecord", ErrorCategory.InvalidData),
        };
        var record = new ErrorRecord(new InvalidDataException($"{issue.Location}: {issue.Reason}"), id, category, issue.Location);
        record.ErrorDetails = new ErrorDetails($"{issue.Location}: {issue.Reason}")
        {
            RecommendedAction = issue.Kind == ReadIssueKind.UnreadableFile
                ? "Check that the file exists and can be read, then run the command again."
                : "The rest of the file was read. Fix or remove the line if it should count.",
        };
        return record;
    }

    public static ErrorRecord PathNotFound(string path) =>
        new(new ItemNotFoundException($"Cannot find path '{path}' because it does not exist."), "PathNotFound", ErrorCategory.ObjectNotFound, path);

    public static ErrorRecord InvalidPath(Exception reason, string path) =>
        new(reason, "InvalidPath", ErrorCategory.InvalidArgument, path);

    public static ErrorRecord NotFileSystemPath(string path, string provider) =>
        new(new ArgumentException($"'{path}' is on the {provider} provider; Import-UsageLog reads files only."), "NotFileSystemPath", ErrorCategory.InvalidArgument, path);

    public static ErrorRecord InvalidArgument(Exception reason, string errorId, object? target) =>
        new(reason, errorId, ErrorCategory.InvalidArgument, target);

    public static ErrorRecord AlertFailed(AlertResult result)
    {
        var record = new ErrorRecord(new InvalidOperationException($"The {result.Channel} alert for budget '{result.Budget}' failed: {result.Reason}"),
            "AlertDeliveryFailed", ErrorCategory.ConnectionError, result.Channel);
        record.ErrorDetails = new ErrorDetails(record.Exception.Message)
        {
            RecommendedAction = "The failure is recorded in the usage store; the next run of Send-UsageAlert tries this alert again.",
        };
        return record;
    }

    public static ErrorRecord InvalidAlertChannel(Exception reason, string channel) =>
        new(reason, "InvalidAlertChannel", ErrorCategory.InvalidArgument, channel);

    public static ErrorRecord InvalidChannelFile(Alerts.ChannelFileException reason, string path)
    {
        var record = new ErrorRecord(reason, "InvalidChannelFile", ErrorCategory.InvalidData, path);
        record.ErrorDetails = new ErrorDetails(reason.Message)
        {
            RecommendedAction = "Fix each mistake listed; no alert was sent. docs/alerts.md lists the fields of a channel.",
        };
        return record;
    }

    public static ErrorRecord UnknownAlertChannel(string name, IEnumerable<string> known) =>
        new(new ArgumentException($"There is no alert channel named '{name}'. Known: {string.Join(", ", known)}. Give 'Console', a channel from New-AlertChannel, or a name from the -BudgetFile's channels."),
            "UnknownAlertChannel", ErrorCategory.ObjectNotFound, name);

    public static ErrorRecord DuplicateAlertChannel(string name) =>
        new(new ArgumentException($"Two alert channels are named '{name}'. The once-only state is kept per channel name: give each channel its own -Name."),
            "DuplicateAlertChannel", ErrorCategory.InvalidArgument, name);

    /// <summary>A store failure; its message and target carry the store's location with any password masked.</summary>
    public static ErrorRecord FromStore(StoreException ex, string? target)
    {
        var (id, category, action) = ex.Failure switch
        {
            StoreFailure.Open => ("UsageStoreUnavailable", ErrorCategory.OpenError,
                "Check -ConnectionString or $env:TOKENMONITOR_STORE: the SQLite file's folder must be writable; a PostgreSQL server must be reachable with that user and password."),
            StoreFailure.Version => ("UsageStoreVersionTooNew", ErrorCategory.InvalidData, "Update the TokenMonitor module, or use another store."),
            _ => ("UsageStoreFailed", ErrorCategory.WriteError, "Nothing of the failed batch was stored; run the command again to complete it."),
        };
        return new ErrorRecord(ex, id, category, target) { ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = action } };
    }

    public static ErrorRecord InvalidBudget(Exception reason, string budget)
    {
        var record = new ErrorRecord(reason, "InvalidBudget", ErrorCategory.InvalidArgument, budget);
        record.ErrorDetails = new ErrorDetails(reason.Message) { RecommendedAction = "Correct the named field of the budget and run the command again." };
        return record;
    }

    public static ErrorRecord InvalidBudgetFile(BudgetFileException reason, string path)
    {
        var record = new ErrorRecord(reason, "InvalidBudgetFile", ErrorCategory.InvalidData, path);
        record.ErrorDetails = new ErrorDetails(reason.Message)
        {
            RecommendedAction = "Fix each mistake listed; no budget of the file was evaluated. about_TokenMonitor_Budgets lists the fields.",
        };
        return record;
    }

    public static ErrorRecord NoBudget() => new(
        new ArgumentException("No budget was given: pass -Amount, -TokenLimit or -RequestLimit, -Budget (New-TokenBudget), or -BudgetFile."),
        "NoBudget", ErrorCategory.InvalidArgument, null);

    public static ErrorRecord BudgetBreached(IReadOnlyList<BudgetStatus> breaches)
    {
        var exceeded = breaches.Any(b => b.Level == AlertLevel.Exceeded);
        var reason = new BudgetBreachedException(BudgetGate.Explain(breaches), breaches);
        var record = new ErrorRecord(reason, exceeded ? "BudgetExceeded" : "BudgetForecastToExceed", ErrorCategory.LimitsExceeded,
            breaches.Count == 1 ? breaches[0] : breaches.ToArray());
        record.ErrorDetails = new ErrorDetails(reason.Message)
        {
            RecommendedAction = "See where the money went with Measure-TokenCost -GroupBy Day, Model; raise the budget only if the spend is intended.",
        };
        return record;
    }
}

/// <summary>A budget gate failed; the statuses that failed it travel with the error for scripts that catch it.</summary>
public sealed class BudgetBreachedException(string message, IReadOnlyList<BudgetStatus> statuses) : Exception(message)
{
    public IReadOnlyList<BudgetStatus> Statuses { get; } = statuses;
}
