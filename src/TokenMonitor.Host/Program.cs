using TokenMonitor.Host;

HostArguments arguments;
try
{
    arguments = HostArguments.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 64;
}

if (arguments.ShowHelp)
{
    Console.WriteLine(HostArguments.Usage);
    return 0;
}

var host = new ConsoleHost();
string manifest;
try
{
    manifest = ModuleLocator.Find(arguments.ModulePath);
}
catch (FileNotFoundException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

ScriptRunner runner;
try
{
    runner = new ScriptRunner(host, manifest);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var ownedRunner = runner;
var code = arguments switch
{
    { Command: { } command } => runner.RunCommand(command),
    { File: { } file } => runner.RunFile(file, arguments.FileArguments),
    _ => InteractiveShell.Run(runner, host),
};

if (arguments.NoExit && !host.ShouldExit) code = InteractiveShell.Run(runner, host);
return code;
