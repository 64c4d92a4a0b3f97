using System.Collections;
using System.Management.Automation.Language;

namespace TokenMonitor.ModulePackager;

/// <summary>The fields of a module manifest (.psd1) a Gallery package is built from, read with PowerShell's parser.</summary>
internal sealed record ModuleManifest(
    string Name,
    Version Version,
    string? Prerelease,
    string Author,
    string? CompanyName,
    string? Copyright,
    string Description,
    IReadOnlyList<string> Cmdlets,
    IReadOnlyList<string> Functions,
    IReadOnlyList<string> Tags,
    string? LicenseUri,
    string? ProjectUri,
    string? ReleaseNotes)
{
    public static ModuleManifest Read(string path)
    {
        var ast = Parser.ParseFile(path, out _, out var errors);
        if (errors.Length > 0) throw new InvalidDataException($"{path}: {errors[0].Message}");
        var table = ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false) as HashtableAst
            ?? throw new InvalidDataException($"{path} holds no hashtable.");
        // SafeGetValue evaluates constants only, the same rule Import-PowerShellDataFile applies.
        var data = (Hashtable)table.SafeGetValue();
        var psData = (data["PrivateData"] as Hashtable)?["PSData"] as Hashtable ?? new Hashtable();

        return new ModuleManifest(
            Path.GetFileNameWithoutExtension(path),
            Version.Parse(Required(data, "ModuleVersion", path)),
            psData["Prerelease"] as string,
            Required(data, "Author", path),
            data["CompanyName"] as string,
            data["Copyright"] as string,
            Required(data, "Description", path),
            List(data["CmdletsToExport"]),
            List(data["FunctionsToExport"]),
            List(psData["Tags"]),
            psData["LicenseUri"] as string,
            psData["ProjectUri"] as string,
            psData["ReleaseNotes"] as string);
    }

    private static string Required(Hashtable data, string key, string path) =>
        data[key] as string is { Length: > 0 } value ? value : throw new InvalidDataException($"{path} has no {key}, which the Gallery requires.");

    private static IReadOnlyList<string> List(object? value) => value switch
    {
        null => [],
        string one => one == "*" ? throw new InvalidDataException("A wildcard export cannot be tagged; name each command.") : [one],
        IEnumerable many => [.. many.Cast<object>().Select(o => o.ToString()!)],
        _ => [value.ToString()!],
    };
}
