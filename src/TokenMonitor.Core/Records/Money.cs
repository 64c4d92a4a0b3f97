using System.Globalization;

namespace TokenMonitor;

/// <summary>How TokenMonitor writes dollars for people: cents for sums, more digits for sub-cent calls.</summary>
public static class Money
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    public static string Format(decimal amount) =>
        Math.Abs(amount) >= 1m || amount == 0m ? amount.ToString("$#,##0.00;-$#,##0.00", Us)
        : amount.ToString("$0.0000;-$0.0000", Us);

    public static string Format(decimal? amount) => amount is { } value ? Format(value) : "";
}
