namespace TokenMonitor.Pricing;

/// <summary>
/// Prices the records of one pipeline: keeps a cost set upstream unless the caller asked for other pricing,
/// and reports each unknown model once, with where it was first seen.
/// </summary>
public sealed class PricingSession(CostCalculator calculator, bool reprice = false, string remedy = "-FallbackModel prices it as another model")
{
    private readonly HashSet<string> _unknown = new(StringComparer.Ordinal);

    /// <summary>Sets <see cref="UsageRecord.Cost"/>; returns a warning the first time an unknown model is met.</summary>
    public string? Apply(UsageRecord record)
    {
        if (!ReferenceEquals(record.PricedBy, this) && (record.Cost is null || reprice)) record.Cost = calculator.Price(record);
        return Check(record, record.Cost!);
    }

    /// <summary>
    /// Prices a record ahead, on whichever thread reads it (the calculator is thread-safe; the warnings are not, so
    /// <see cref="Apply"/> still sees every record, in order, and only checks what was priced here). Decimal pricing is
    /// a third of a summary's work: done beside the parsing, it no longer waits on the one thread that hands on records.
    /// </summary>
    public void Prepare(UsageRecord record)
    {
        if (record.Cost is not null && !reprice) return;
        try
        {
            record.Cost = calculator.Price(record);
            record.PricedBy = this;
        }
        catch (ArithmeticException)
        {
            // An absurd rate in a pricing file can overflow. The record may yet be dropped (a copy, outside -Since),
            // so it is left unpriced here and Apply prices it in order: it fails, if at all, where it always did.
        }
    }

    /// <summary>The record's cost without changing the record; returns a warning the first time an unknown model is met.</summary>
    public (TokenCost Cost, string? Warning) CostOf(UsageRecord record)
    {
        var cost = record.Cost ?? calculator.Price(record);
        return (cost, Check(record, cost));
    }

    private string? Check(UsageRecord record, TokenCost cost)
    {
        if (!cost.IsUnknownModel || !_unknown.Add(record.Model)) return null;
        var where = record.SourceFile is null ? "" : $" (first seen in {record.SourceFile}:{record.SourceLine})";
        return $"No price is known for model '{record.Model}'{where}: {cost.PriceSource}. Its cost is left out of totals and counted as unpriced; {remedy}.";
    }
}
