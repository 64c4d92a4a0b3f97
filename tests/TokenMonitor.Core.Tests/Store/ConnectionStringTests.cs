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

    /// <summary>Every name Npgsql reads as a password or key (display name, property name, synonyms), asked of Npgsql itself.</summary>
    public static TheoryData<string> NpgsqlSecretKeys()
    {
        var names = new List<string>();
        foreach (var property in typeof(Npgsql.NpgsqlConnectionStringBuilder).GetProperties())
        {
            if (property.Name is not ("Password" or "SslPassword" or "SslKey")) continue;
            names.Add(property.Name);
            foreach (var attribute in property.GetCustomAttributes(true))
            {
                if (attribute is System.ComponentModel.DisplayNameAttribute display) names.Add(display.DisplayName);
                if (attribute.GetType().GetProperty("Synonyms")?.GetValue(attribute) is string[] synonyms) foreach (var synonym in synonyms) names.Add(synonym);
            }
        }

        Assert.Contains("PSW", names);
        var data = new TheoryData<string>();
        foreach (var name in names.Distinct()) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(NpgsqlSecretKeys))]
    public void Every_name_Npgsql_takes_for_a_password_is_masked(string key)
    {
        const string secret = "WrongSekr3t";
        foreach (var name in new[] { key, key.ToLowerInvariant(), key.ToUpperInvariant() })
        {
            var connectionString = $"Host=h;Username=x;{name}={secret}";
            Assert.Equal($"Host=h;Username=x;{name}={ConnectionStrings.Mask}", ConnectionStrings.Redact(connectionString));
            Assert.DoesNotContain(secret, ConnectionStrings.Scrub($"failed: {connectionString} said {secret}", connectionString));
            Assert.DoesNotContain(secret, StoreLocation.Resolve(connectionString).Display);
        }
    }

    [Theory]
    [InlineData("Host=h;Username=x;Password=Sekr3t;x=1", "x=1")]
    [InlineData("Host=h;Username=x;PSW=Sekr3t;tail=more", "tail")]
    [InlineData("Data Source=a.db;Password=Sekr3t;x=1", "x=1")]
    public void A_password_with_an_unquoted_semicolon_shows_none_of_its_tail(string connectionString, string tail)
    {
        var ex = Assert.Throws<StoreException>(() => StoreLocation.Resolve(connectionString));
        Assert.DoesNotContain("Sekr3t", ex.Message);
        Assert.DoesNotContain(tail, ex.Message);
        Assert.DoesNotContain("Couldn't set", ex.Message);
        Assert.DoesNotContain(tail, ConnectionStrings.Redact(connectionString));
        Assert.Contains(ConnectionStrings.Mask, ConnectionStrings.Redact(connectionString));
    }

    [Fact]
    public void An_unknown_option_before_any_password_is_named_but_not_its_value()
    {
        var ex = Assert.Throws<StoreException>(() => StoreLocation.Resolve("Host=h;Colour=blue;Password=Sekr3t"));
        Assert.Contains("'colour' is not an option Npgsql knows", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("blue", ex.Message[ex.Message.IndexOf("is not valid:", StringComparison.Ordinal)..]); // the reason quotes no value
        Assert.DoesNotContain("Sekr3t", ex.Message);
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
    [InlineData("claude-[so]*", "claude-sonnet-4-5", true)]
    [InlineData("claude-[so]*", "CLAUDE-OPUS-4", true)]
    [InlineData("claude-[so]*", "claude-haiku-4-5", false)]
    [InlineData("gpt-[3-4]*", "gpt-4.1", true)]
    [InlineData("gpt-[3-4]*", "gpt-5", false)]
    [InlineData("a`[b]", "a[b]", true)]
    [InlineData("a[`]]", "a]", true)]
    [InlineData("a[", "a[", true)]
    public void Wildcards_match_as_in_powershell(string pattern, string value, bool matches) =>
        Assert.Equal(matches, new StorePattern(pattern).Matches(value));
}
