using System.Management.Automation;

namespace TokenMonitor.PowerShell.Tests;

internal static class PSObjectExtensions
{
    /// <summary>A property as PowerShell sees it (adapted members included), converted like the engine would.</summary>
    public static T Get<T>(this PSObject o, string name) =>
        LanguagePrimitives.ConvertTo<T>(o.Properties[name]?.Value ?? throw new KeyNotFoundException($"{name} on {o.TypeNames[0]}"));

    public static object? Raw(this PSObject o, string name) => o.Properties[name]?.Value;

    public static string TypeName(this PSObject o) => o.BaseObject.GetType().FullName!;
}
