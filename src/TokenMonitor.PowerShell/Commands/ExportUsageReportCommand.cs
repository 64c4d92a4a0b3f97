using System.Management.Automation;
using System.Text;
using TokenMonitor.Analytics.Report;

namespace TokenMonitor.Commands;

public enum ReportFormat
{
    Html,
    Markdown,
}

/// <summary>Writes one self-contained HTML report with inline SVG charts, or Markdown tables for CI summaries.</summary>
[Cmdlet(VerbsData.Export, "UsageReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(FileInfo))]
public sealed class ExportUsageReportCommand : UsageAnalysisCommand
{
    private ReportData? _data;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    public ReportFormat Format { get; set; } = ReportFormat.Html;

    [Parameter]
    public string Title { get; set; } = "TokenMonitor usage report";

    /// <summary>A monthly budget in USD for the burn-down chart.</summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public decimal? Amount { get; set; }

    [Parameter]
    public string? TimeZone { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _data = new ReportData(new ReportOptions { Title = Title, BudgetAmount = Amount, TimeZone = FindZone(TimeZone) });
    }

    protected override void Add(UsageRecord record, TokenCost cost) => _data!.Add(record, cost);

    protected override void EndProcessing()
    {
        var target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (!ShouldProcess(target, $"Write {Format} usage report")) return;
        var text = Format == ReportFormat.Html ? HtmlReport.Write(_data!) : MarkdownReport.Write(_data!);
        try
        {
            File.WriteAllText(target, text, new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(ErrorRecords.ReportWriteFailed(ex, target));
        }

        WriteObject(new FileInfo(target));
    }
}
