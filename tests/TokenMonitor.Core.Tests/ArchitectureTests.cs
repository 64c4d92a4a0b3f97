namespace TokenMonitor.Tests;

public class ArchitectureTests
{
    [Fact]
    public void The_engine_never_references_PowerShell()
    {
        var references = typeof(UsageRecord).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        Assert.DoesNotContain("System.Management.Automation", references);
    }
}
