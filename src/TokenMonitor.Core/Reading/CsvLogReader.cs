using Microsoft.VisualBasic.FileIO;

namespace TokenMonitor.Reading;

/// <summary>
/// CSV and TSV usage exports (dashboards, spreadsheets, other tools): a header row, then one call or bucket per
/// row, mapped to fields by <see cref="FieldMap"/>. Quoting, escaped quotes and line breaks inside quotes follow
/// RFC 4180 through the framework's TextFieldParser.
/// </summary>
internal static class CsvLogReader
{
    public static bool Handles(string path, LogFormat format) => format switch
    {
        LogFormat.Csv or LogFormat.Tsv => true,
        LogFormat.Json => false,
        _ => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsv.gz", StringComparison.OrdinalIgnoreCase),
    };

    public static void Read(Stream utf8, SourceContext source, FileReadResult result, ReadOptions options)
    {
        using var parser = new TextFieldParser(utf8, System.Text.Encoding.UTF8, detectEncoding: false)
        {
            TextFieldType = FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = true,
        };
        var tabs = options.Format == LogFormat.Tsv || (options.Format == LogFormat.Auto
            && (source.File.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || source.File.EndsWith(".tsv.gz", StringComparison.OrdinalIgnoreCase)));
        parser.SetDelimiters(tabs ? "\t" : ",");
        if (parser.EndOfData) return;
        var header = parser.ReadFields() ?? [];
        // A repeated or empty header name (a spreadsheet's trailing comma) is not a column to map: the first one counts.
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length > 0) columns.TryAdd(header[i], i);
        }

        if (options.ColumnMap?.Values.FirstOrDefault(column => !columns.ContainsKey(column)) is { } missing)
        {
            result.Add(new ReadIssue(ReadIssueKind.MissingField, source.File, 1,
                $"-ColumnMap names the column '{missing}', which the header ({string.Join(", ", header)}) does not have"));
            return;
        }

        var map = FieldMap.Create(options.ColumnMap, header);
        if (!map.Has("InputTokens") && !map.Has("PromptTokens") && !map.Has("OutputTokens"))
        {
            result.Add(new ReadIssue(ReadIssueKind.UnknownShape, source.File, 1,
                $"no token columns among {string.Join(", ", header)}; name them with -ColumnMap @{{ InputTokens = '…'; OutputTokens = '…' }}"));
            return;
        }

        while (!parser.EndOfData)
        {
            var line = parser.LineNumber;
            try
            {
                var fields = parser.ReadFields() ?? [];
                if (fields.All(string.IsNullOrWhiteSpace)) continue;

                // Fewer fields than the header is a row whose last cells are empty; more is a row that does not fit.
                if (fields.Length > header.Length)
                {
                    throw new UsageFormatException(ReadIssueKind.MalformedJson, $"the row has {fields.Length} fields, the header {header.Length}");
                }

                var record = map.Build(column => columns.TryGetValue(column, out var i) && i < fields.Length ? fields[i] : null, source.FileTime, "Csv");

                // An id column is unique within its export, not across exports: the file is part of the key.
                RecordFactory.Locate(record, source, line, record.RequestId is null ? null : "csv", $"{source.File}:{record.RequestId}");
                result.Add(record);
            }
            catch (MalformedLineException ex)
            {
                result.Add(new ReadIssue(ReadIssueKind.MalformedJson, source.File, ex.LineNumber, "a row with unbalanced quotes"));
            }
            catch (UsageFormatException ex)
            {
                result.Add(new ReadIssue(ex.Kind, source.File, line, ex.Message));
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
            {
                result.Add(new ReadIssue(ReadIssueKind.InvalidValue, source.File, line, ex.Message));
            }
        }
    }
}
