namespace TokenMonitor.Budgets;

/// <summary>
/// How a mistake in a budget file is said, for its budgets and its alert channels alike:
/// <c>file: budget 'team': 'amount': what is wrong</c>, and a count ahead of a list when there are several.
/// </summary>
internal static class FileMistakes
{
    /// <param name="kind">What the item is ("budget", "channel"); <paramref name="item"/> is empty for the file as a whole.</param>
    public static string Describe(string file, string kind, string item, string field, string message)
    {
        var where = item.Length == 0 ? "" : $"{kind} '{item}': ";
        var what = field.Length == 0 ? "" : $"'{field}': ";
        return $"{file}: {where}{what}{message}";
    }

    /// <param name="section">What was rejected, as in "3 mistakes in the budget file".</param>
    public static string Summary<T>(IReadOnlyList<T> problems, string section) where T : notnull =>
        problems.Count == 1 ? problems[0].ToString()!
        : $"{problems.Count} mistakes in {section}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems);
}
