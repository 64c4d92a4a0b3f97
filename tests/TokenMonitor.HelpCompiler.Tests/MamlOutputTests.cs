using System.Xml;
using System.Xml.Linq;
using static TokenMonitor.HelpCompiler.Tests.Maml;

namespace TokenMonitor.HelpCompiler.Tests;

public class MamlOutputTests
{
    private readonly XElement _command = CompileSingle(SamplePages.ImportUsageLogPath, SamplePages.ImportUsageLog);

    [Fact]
    public void Saved_file_is_well_formed_maml_with_the_standard_namespaces()
    {
        var result = MamlCompiler.Compile([(SamplePages.ImportUsageLogPath, SamplePages.ImportUsageLog)]);
        using var stream = new MemoryStream();
        MamlCompiler.Save(result.Document, stream);
        stream.Position = 0;

        var reloaded = XDocument.Load(XmlReader.Create(stream));

        var root = reloaded.Root!;
        Assert.Equal(Msh + "helpItems", root.Name);
        Assert.Equal("maml", root.Attribute("schema")?.Value);
        var command = Assert.Single(root.Elements());
        Assert.Equal(Command + "command", command.Name);
        Assert.Equal(M.NamespaceName, command.GetNamespaceOfPrefix("maml")?.NamespaceName);
        Assert.Equal(Dev.NamespaceName, command.GetNamespaceOfPrefix("dev")?.NamespaceName);
        Assert.Equal("http://msdn.microsoft.com/mshelp", command.GetNamespaceOfPrefix("MSHelp")?.NamespaceName);
    }

    [Fact]
    public void Details_carry_name_verb_noun_and_synopsis()
    {
        var details = _command.Element(Command + "details")!;

        Assert.Equal("Import-UsageLog", details.Element(Command + "name")?.Value);
        Assert.Equal("Import", details.Element(Command + "verb")?.Value);
        Assert.Equal("UsageLog", details.Element(Command + "noun")?.Value);
        Assert.Equal(["Reads token usage records from AI coding assistant logs."], Paras(details.Element(M + "description")));
    }

    [Fact]
    public void Description_is_flattened_to_plain_paragraphs()
    {
        Assert.Equal(
        [
            "The Import-UsageLog cmdlet reads JSONL session logs and emits one UsageRecord per model call.",
            "It understands these formats:",
            "- Claude Code project logs",
            "- Codex CLI sessions",
        ], Paras(_command.Element(M + "description")));
    }

    [Fact]
    public void Each_parameter_set_becomes_a_syntax_item_in_syntax_section_order()
    {
        var items = _command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();

        Assert.Equal(2, items.Count);
        Assert.All(items, item => Assert.Equal("Import-UsageLog", item.Element(M + "name")?.Value));
        Assert.Equal(["Path", "Provider", "Recurse"], ParameterNames(items[0]));
        Assert.Equal(["LiteralPath", "Provider", "Recurse"], ParameterNames(items[1]));
    }

    [Fact]
    public void Switches_have_no_value_in_syntax_but_other_parameters_do()
    {
        var pathSet = _command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").First();
        var parameters = pathSet.Elements(Command + "parameter").ToList();

        Assert.Null(NamedParameter(parameters, "Recurse").Element(Command + "parameterValue"));
        Assert.Equal("String[]", NamedParameter(parameters, "Path").Element(Command + "parameterValue")?.Value);
        var provider = NamedParameter(parameters, "Provider");
        Assert.Equal(["Claude", "Codex"], provider.Element(Command + "parameterValueGroup")!.Elements().Select(e => e.Value));
    }

    [Fact]
    public void Pipeline_parameter_attributes_follow_its_yaml()
    {
        var path = NamedParameter(_command.Element(Command + "parameters")!.Elements(), "Path");

        Assert.Equal("true", path.Attribute("required")?.Value);
        Assert.Equal("true", path.Attribute("variableLength")?.Value);
        Assert.Equal("true", path.Attribute("globbing")?.Value);
        Assert.Equal("True (ByValue)", path.Attribute("pipelineInput")?.Value);
        Assert.Equal("0", path.Attribute("position")?.Value);
        Assert.Equal("none", path.Attribute("aliases")?.Value);
        Assert.Equal(["One or more log files or folders.", "Wildcards are expanded."], Paras(path.Element(M + "description")));
        var value = path.Element(Command + "parameterValue")!;
        Assert.Equal("true", value.Attribute("required")?.Value);
        Assert.Equal("String[]", value.Value);
        Assert.Equal("String[]", path.Element(Dev + "type")?.Element(M + "name")?.Value);
        Assert.Equal("None", path.Element(Dev + "defaultValue")?.Value);
    }

    [Fact]
    public void Named_parameter_with_aliases_and_property_name_pipeline()
    {
        var literalPath = NamedParameter(_command.Element(Command + "parameters")!.Elements(), "LiteralPath");

        Assert.Equal("named", literalPath.Attribute("position")?.Value);
        Assert.Equal("PSPath, LP", literalPath.Attribute("aliases")?.Value);
        Assert.Equal("True (ByPropertyName)", literalPath.Attribute("pipelineInput")?.Value);
        Assert.Equal("false", literalPath.Attribute("globbing")?.Value);
    }

    [Fact]
    public void Switch_parameter_is_optional_with_false_default()
    {
        var recurse = NamedParameter(_command.Element(Command + "parameters")!.Elements(), "Recurse");

        Assert.Equal("false", recurse.Attribute("required")?.Value);
        var value = recurse.Element(Command + "parameterValue")!;
        Assert.Equal("false", value.Attribute("required")?.Value);
        Assert.Equal("SwitchParameter", value.Value);
        Assert.Equal("False", recurse.Element(Dev + "defaultValue")?.Value);
    }

    [Fact]
    public void Parameters_keep_page_order_and_skip_common_parameters()
    {
        Assert.Equal(["LiteralPath", "Path", "Provider", "Recurse"], ParameterNames(_command.Element(Command + "parameters")!));
    }

    [Fact]
    public void Examples_have_padded_titles_code_and_remarks()
    {
        var examples = _command.Element(Command + "examples")!.Elements(Command + "example").ToList();

        Assert.Equal(2, examples.Count);
        Assert.Equal("-------------------------- Example 1: Read Claude Code logs --------------------------", examples[0].Element(M + "title")?.Value);
        Assert.Equal("PS> Import-UsageLog ~/.claude/projects -Recurse", examples[0].Element(Dev + "code")?.Value);
        Assert.Equal(["Reads every log below the Claude Code projects folder."], Paras(examples[0].Element(Dev + "remarks")));

        Assert.Equal("PS> Get-ChildItem *.jsonl | Import-UsageLog", examples[1].Element(Dev + "code")?.Value);
        var remarks = Paras(examples[1].Element(Dev + "remarks"));
        Assert.Equal("Paths arrive through the pipeline. The output looks like this:", remarks[0]);
        Assert.StartsWith("Model            InputTokens OutputTokens\n-----", remarks[1]);
        Assert.Equal(2, remarks.Length);
    }

    [Fact]
    public void Inputs_outputs_and_notes_are_rendered()
    {
        var input = _command.Element(Command + "inputTypes")!.Element(Command + "inputType")!;
        Assert.Equal("System.String", input.Element(Dev + "type")?.Element(M + "name")?.Value);
        Assert.Equal(["A path to read."], Paras(input.Element(M + "description")));

        var output = _command.Element(Command + "returnValues")!.Element(Command + "returnValue")!;
        Assert.Equal("TokenMonitor.UsageRecord", output.Element(Dev + "type")?.Element(M + "name")?.Value);

        Assert.Equal(["Logs are read without being locked."], Paras(_command.Element(M + "alertSet")?.Element(M + "alert")));
    }

    [Fact]
    public void Related_links_keep_web_uris_and_blank_relative_ones()
    {
        var links = _command.Element(M + "relatedLinks")!.Elements(M + "navigationLink")
            .Select(link => (link.Element(M + "linkText")?.Value, link.Element(M + "uri")?.Value))
            .ToList();

        Assert.Equal(
        [
            ("Online Version:", "https://example.org/tokenmonitor/Import-UsageLog"),
            ("Measure-TokenCost", ""),
            ("about_TokenMonitor", ""),
        ], links);
    }

    [Fact]
    public void Pages_that_are_not_cmdlet_pages_are_skipped()
    {
        var result = MamlCompiler.Compile(
        [
            ("docs/about_TokenMonitor.md", SamplePages.AboutTopic),
            ("docs/TokenMonitor.md", SamplePages.ModulePage),
            (SamplePages.ImportUsageLogPath, SamplePages.ImportUsageLog),
        ]);

        Assert.True(result.Succeeded);
        Assert.Equal(1, result.CommandCount);
    }

    [Fact]
    public void Single_unnamed_parameter_set_gives_one_syntax_item()
    {
        var markdown = """
            ---
            external help file: TokenMonitor.PowerShell.dll-Help.xml
            ---
            # Get-TokenBudget
            ## SYNOPSIS
            Shows the budget.
            ## SYNTAX
            ```
            Get-TokenBudget [[-Name] <String>] [<CommonParameters>]
            ```
            ## DESCRIPTION
            Shows the budget.
            ## EXAMPLES
            ### Example 1
            ```
            Get-TokenBudget
            ```
            ## PARAMETERS
            ### -Name
            The budget name.
            ```yaml
            Type: String
            Parameter Sets: (All)
            Aliases:

            Required: False
            Position: 0
            Default value: None
            Accept pipeline input: False
            Accept wildcard characters: False
            ```
            """;

        var command = CompileSingle("Get-TokenBudget.md", markdown);

        var item = Assert.Single(command.Element(Command + "syntax")!.Elements(Command + "syntaxItem"));
        Assert.Equal(["Name"], ParameterNames(item));
        Assert.Empty(command.Element(M + "relatedLinks")!.Elements());
    }

    [Fact]
    public void Windows_line_endings_give_the_same_help()
    {
        var crlf = SamplePages.ImportUsageLog.ReplaceLineEndings("\r\n");

        var command = CompileSingle(SamplePages.ImportUsageLogPath, crlf);

        Assert.Equal(_command.ToString(), command.ToString());
    }

    private static string[] ParameterNames(XElement container) =>
        [.. container.Elements(Command + "parameter").Select(parameter => parameter.Element(M + "name")!.Value)];
}
