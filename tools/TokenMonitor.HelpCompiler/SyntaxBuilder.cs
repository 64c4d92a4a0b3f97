namespace TokenMonitor.HelpCompiler;

/// <summary>Works out which parameters, with which metadata, make up each parameter set's syntax line.</summary>
internal static class SyntaxBuilder
{
    public static List<List<ParameterMetadataFor>> Build(CommandHelp command)
    {
        var setNames = SetNames(command);
        if (setNames.Count == 0)
        {
            return [[]];
        }

        return [.. setNames.Select(set => ParametersOf(set, command))];
    }

    /// <summary>
    /// SYNTAX order first; then any set only the yaml blocks mention, in the order met. "(All)" is a set
    /// of its own only when it is the only one; otherwise it means "in every set".
    /// </summary>
    private static List<string> SetNames(CommandHelp command)
    {
        var names = new List<string>();
        var mentioned = command.SyntaxSetNames
            .Concat(command.Parameters.SelectMany(p => p.Variants).SelectMany(v => v.ParameterSets));
        foreach (var name in mentioned)
        {
            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }

        if (names.Count > 1)
        {
            names.RemoveAll(name => name == ParameterMetadata.AllSets);
        }

        return names;
    }

    private static List<ParameterMetadataFor> ParametersOf(string set, CommandHelp command)
    {
        var members = new List<ParameterMetadataFor>();
        foreach (var parameter in command.Parameters)
        {
            var metadata = parameter.Variants.FirstOrDefault(v => v.IsIn(set))
                ?? parameter.Variants.FirstOrDefault(v => v.IsIn(ParameterMetadata.AllSets));
            if (metadata is not null)
            {
                members.Add(new ParameterMetadataFor(parameter, metadata));
            }
        }

        // Positional parameters first, in position order, as PowerShell prints syntax; OrderBy is stable.
        return [.. members.OrderBy(m => int.TryParse(m.Metadata.Position, out var position) ? position : int.MaxValue)];
    }
}

internal sealed record ParameterMetadataFor(ParameterHelp Parameter, ParameterMetadata Metadata);
