using TokenMonitor.Store;

namespace TokenMonitor.Tests.Store;

public class ConnectionStringTests
{
    [Theory]
    [InlineData("Host=h;Username=u;Password=hunter2;Database=d", "hunter2")]
    [InlineData("Server=h;User ID=u;PWD=hunter2", "hunter2")]
    [InlineData("Host=h;Password='a;b=c'", "a;b=c")]
    [InlineData("postgres://u:hunter2@h:5432/d", "hunter2")]
    public void Passwords_never_survive_redaction(string connectionString, string secret)
    {
        var redacted = ConnectionStrings.Redact(connectionString);
        Assert.DoesNotContain(secret, redacted);
        Assert.Contains(ConnectionStrings.Mask, redacted);
        Assert.DoesNotContain(secret, ConnectionStrings.Scrub($"failed: {connectionString} said {secret}", connectionString));
    }

    [Fact]
    public void Redaction_keeps_the_rest_as_written() =>
        Assert.Equal("Host=db;Port=6543;Username=ci;Password=********;SSL Mode=Require",
            ConnectionStrings.Redact("Host=db;Port=6543;Username=ci;Password=s3cr3t-v4lue;SSL Mode=Require"));

    [Fact]
    public void Sqlite_locations_are_paths_or_data_sources()
    {
        var plain = StoreLocation.Resolve("usage.db", p => "/data/" + p);
        Assert.Equal((StoreEngine.Sqlite, "/data/usage.db"), (plain.Engine, plain.SqlitePath));
        var keyed = StoreLocation.Resolve("Data Source=team.db;Cache=Shared", p => "/data/" + p);
        Assert.Equal((StoreEngine.Sqlite, "/data/team.db"), (keyed.Engine, keyed.SqlitePath));
        Assert.Equal("/data/team.db", keyed.Display);
    }

    [Fact]
    public void Without_a_connection_string_the_store_is_usage_db_in_the_data_folder()
    {
        var location = StoreLocation.Resolve(null);
        if (Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable) is null)
        {
            Assert.Equal(Path.Combine(global::TokenMonitor.Pricing.PricingSources.DataFolder, "usage.db"), location.SqlitePath);
        }
    }

    [Theory]
    [InlineData("a*", "abc", true)]
    [InlineData("a?c", "ABC", true)]
    [InlineData("a`*", "a*", true)]
    [InlineData("a`*", "ab", false)]
    [InlineData("50%", "50%", true)]
    [InlineData("50%", "500", false)]
    public void Wildcards_match_as_in_powershell(string pattern, string value, bool matches) =>
        Assert.Equal(matches, new StorePattern(pattern).Matches(value));
}
