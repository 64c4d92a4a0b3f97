using System.Management.Automation;
using TokenMonitor.Budgets;
using TokenMonitor.Time;

namespace TokenMonitor.Commands;

/// <summary>The parameters that define one budget, shared by New-TokenBudget, Test-BudgetThreshold and Assert-TokenBudget.</summary>
public abstract class BudgetDefinitionCommandBase : PSCmdlet
{
    /// <summary>The limit in US dollars; a budget needs this, -TokenLimit or -RequestLimit.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(0, double.MaxValue)]
    public decimal? Amount { get; set; }

    [Parameter(Position = 1)]
    public BudgetPeriod Period { get; set; } = BudgetPeriod.Monthly;

    /// <summary>The window length of a Rolling budget: 5h, 90m, 1d, or a TimeSpan.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan? Window { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BudgetNameCompleter))]
    public string Name { get; set; } = "default";

    /// <summary>dimension:pattern terms (user, service, job, project, model, provider, tag), wildcards allowed.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[] Scope { get; set; } = [];

    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? TokenLimit { get; set; }

    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? RequestLimit { get; set; }

    /// <summary>IANA or Windows id the periods align to; UTC by default.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(TimeZoneCompleter))]
    public string? TimeZone { get; set; }

    [Parameter]
    public DayOfWeek WeekStart { get; set; } = DayOfWeek.Monday;

    /// <summary>Records before this moment do not count; anchors Rolling windows and rollover. A bare date is midnight in -TimeZone.</summary>
    [Parameter]
    [MomentTransformation]
    [ValidateNotNullOrEmpty]
    public string? Start { get; set; }

    /// <summary>Percentages at which Info, Warning, Critical and Exceeded start (50, 75, 90, 100 by default).</summary>
    [Parameter]
    [ValidateCount(4, 4)]
    public decimal[]? Thresholds { get; set; }

    /// <summary>Unspent amount of a period is added to the next period's limit.</summary>
    [Parameter]
    public SwitchParameter Rollover { get; set; }

    /// <summary>True when the command line defines a budget (it gave a limit).</summary>
    protected bool DefinesBudget => Amount is not null || TokenLimit is not null || RequestLimit is not null;

    private static readonly string[] DefinitionParameters =
        ["Period", "Window", "Name", "Scope", "TimeZone", "WeekStart", "Start", "Thresholds", "Rollover"];

    /// <summary>Budget parameters given without a limit, which would otherwise be silently ignored.</summary>
    protected IReadOnlyList<string> DefinitionParametersWithoutLimit() =>
        DefinesBudget ? [] : DefinitionParameters.Where(MyInvocation.BoundParameters.ContainsKey).ToList();

    /// <summary>The budget the parameters describe; a mistake ends the command naming the field.</summary>
    protected Budget BudgetFromParameters()
    {
        try
        {
            var zone = TimeZones.Find(TimeZone);
            DateTimeOffset? start = null;
            if (Start is not null)
            {
                start = TimeZones.TryParseMoment(Start, zone, out var moment) ? moment
                    : throw new FormatException($"Start: '{Start}' is not a date or time (write 2026-11-01 or 2026-11-01T09:00:00Z)");
            }

            var budget = new Budget
            {
                Name = Name,
                Scope = BudgetScope.Parse(Scope),
                Period = Period,
                Window = Window,
                Amount = Amount,
                TokenLimit = TokenLimit,
                RequestLimit = RequestLimit,
                TimeZone = zone,
                WeekStart = WeekStart,
                Start = start,
                Thresholds = Thresholds is { } t ? new BudgetThresholds(t[0], t[1], t[2], t[3]) : BudgetThresholds.Default,
                Rollover = Rollover.IsPresent,
            };
            budget.Validate();
            return budget;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or TimeZoneNotFoundException)
        {
            ThrowTerminatingError(ErrorRecords.InvalidBudget(ex, Name));
            throw; // not reached
        }
    }
}
