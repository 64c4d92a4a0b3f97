namespace TokenMonitor.Host;

/// <summary>
/// Script arguments as pwsh -File binds them: '-Name value' and '-Name:value' are named, a '-Name' followed by
/// another '-Name' or nothing is a switch, everything else is positional. Splatted as a hashtable of the named ones and
/// an array of the positional ones, so 'tokenmonitor -File gate.ps1 -Limit 200 -Strict' reaches param(...) as typed.
/// </summary>
internal static class ScriptArguments
{
    public static (System.Collections.Hashtable Named, object[] Positional) Bind(IReadOnlyList<string> arguments)
    {
        var named = new System.Collections.Hashtable(StringComparer.OrdinalIgnoreCase);
        var positional = new List<object>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!IsParameterName(argument))
            {
                positional.Add(argument);
                continue;
            }

            var colon = argument.IndexOf(':');
            if (colon > 0)
            {
                var value = argument[(colon + 1)..];
                named[argument[1..colon]] = value.TrimStart('$').ToLowerInvariant() switch
                {
                    "true" => true,
                    "false" => false,
                    _ => value,
                };
            }
            else if (i + 1 < arguments.Count && !IsParameterName(arguments[i + 1]))
            {
                named[argument[1..]] = arguments[++i];
            }
            else
            {
                named[argument[1..]] = true;
            }
        }

        return (named, positional.ToArray());
    }

    /// <summary>'-Limit' is a name; '-5' and '-' are values.</summary>
    private static bool IsParameterName(string argument) =>
        argument.Length > 1 && argument[0] == '-' && char.IsLetter(argument[1]);
}
