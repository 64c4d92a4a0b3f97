using TokenMonitor.ModulePackager;

// Usage: TokenMonitor.ModulePackager <module folder> <output folder>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: TokenMonitor.ModulePackager <module folder, e.g. out/TokenMonitor> <output folder, e.g. out>");
    return 2;
}

try
{
    Console.WriteLine(GalleryPackage.Write(Path.GetFullPath(args[0]), Path.GetFullPath(args[1])));
    return 0;
}
catch (Exception ex) when (ex is InvalidDataException or IOException or UriFormatException)
{
    Console.Error.WriteLine($"TokenMonitor.ModulePackager: error: {ex.Message}");
    return 1;
}
