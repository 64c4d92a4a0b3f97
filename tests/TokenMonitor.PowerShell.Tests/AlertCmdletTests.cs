using System.Globalization;
using System.Text;
using TokenMonitor.Testing;

namespace TokenMonitor.PowerShell.Tests;

/// <summary>New-AlertChannel and Send-UsageAlert in real pipelines, posting to Kestrel on loopback, remembering in a SQLite file.</summary>
public sealed class AlertCmdletTests : IDisposable
{
    private const string Critical = "Import-UsageLog ./samples/claude/projects -Recurse -ErrorAction SilentlyContinue | Test-BudgetThreshold 2.5 -AsOf '2026-11-20T18:00:00Z'";
    private const string SecretPath = "/hooks/T0001/B0002/SuperSecretToken9f8e7d";
    private const string SigningSecret = "whsec_hosted_secret_5a4b";
    private readonly string _folder = Directory.CreateTempSubdirectory("tm-alerts-").FullName;
    private readonly LoopbackHttpServer _server = new();

    private string Db => Path.Combine(_folder, "usage.db");
    private string Url => _server.Url(SecretPath).ToString();
    private string Fast => "-RetryIntervalSec 0.01 -MaximumRetryCount 1";

    [Fact]
    public void A_budget_status_goes_to_a_signed_webhook_once_across_runs_sharing_a_store()
    {
        var script = $"{Critical} | Send-UsageAlert -Channel (New-AlertChannel -Webhook '{Url}' -Secret '{SigningSecret}') -ConnectionString '{Db}'";
        var first = HostedSession.Run(script);
        var second = HostedSession.Run(script);

        Assert.Null(first.Terminating);
        Assert.Empty(first.Errors);
        Assert.Equal("Webhook Critical Sent 1", Line(first));
        Assert.Equal("Webhook Critical Suppressed 0", Line(second));
        Assert.Contains("already sent at", second.Output[0].Get<string>("Reason"));

        var request = Assert.Single(_server.Requests);
        var timestamp = long.Parse(request.Header("X-TokenMonitor-Timestamp")!, CultureInfo.InvariantCulture);
        var expected = "v1=" + Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(SigningSecret), Encoding.UTF8.GetBytes($"{timestamp}.{request.Text}"))).ToLowerInvariant();
        Assert.Equal(expected, request.Header("X-TokenMonitor-Signature"));
        Assert.Contains("\"budget\":\"default\"", request.Text);
        Assert.Contains("\"level\":\"Critical\"", request.Text);
    }

    [Fact]
    public void Each_channel_has_its_own_minimum_level()
    {
        var run = HostedSession.Run($$"""
            $slack = New-AlertChannel -Slack '{{_server.Url("/slack/abcdefgh")}}' -MinimumLevel Exceeded
            $teams = New-AlertChannel -Teams '{{_server.Url("/teams/abcdefgh")}}' -MinimumLevel Warning
            $file = New-AlertChannel -Path '{{Path.Combine(_folder, "alerts.jsonl")}}' -Name audit -MinimumLevel Info
            {{Critical}} | Send-UsageAlert -Channel $slack, $teams, $file -ConnectionString '{{Db}}' | ForEach-Object { '{0} {1}' -f $_.Channel, $_.Status }
            """);
        Assert.Empty(run.Errors);
        Assert.Equal(["Teams Sent", "audit Sent"], run.Output.Select(o => o.ToString()));
        Assert.Equal("/teams/abcdefgh", Assert.Single(_server.Requests).Path);
        var line = Assert.Single(File.ReadAllLines(Path.Combine(_folder, "alerts.jsonl")));
        Assert.Contains("\"channel\":\"audit\"", line);
    }

    [Fact]
    public void A_failing_channel_does_not_stop_the_others_and_is_retried_by_the_next_run()
    {
        _server.Enqueue(new Reply(500), new Reply(500));
        var script = $"""
            $failing = New-AlertChannel -Slack '{Url}' -Name team-slack {Fast}
            $file = New-AlertChannel -Path '{Path.Combine(_folder, "alerts.jsonl")}'
            {Critical} | Send-UsageAlert -Channel $failing, $file -ConnectionString '{Db}'
            """;
        var first = HostedSession.Run(script);
        Assert.Null(first.Terminating);
        Assert.Equal(["team-slack Critical Failed 2", "File Critical Sent 1"], Lines(first));
        var error = Assert.Single(first.Errors);
        Assert.Equal("AlertDeliveryFailed,TokenMonitor.Commands.SendUsageAlertCommand", error.FullyQualifiedErrorId);
        Assert.Contains("team-slack", error.Exception.Message);
        Assert.Contains("HTTP 500", error.Exception.Message);

        var second = HostedSession.Run(script);
        Assert.Empty(second.Errors);
        Assert.Equal(["team-slack Critical Sent 1", "File Critical Suppressed 0"], Lines(second));
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public void A_live_usage_block_alerts_once_though_its_figures_change_between_runs()
    {
        // The block's message carries its growing token count; its Start binds -PeriodStart, so the event is the window.
        var log = Path.Combine(_folder, "blocks.jsonl");
        string Script(int limit) => $"Import-UsageLog ./samples/claude/projects -Recurse -ErrorAction SilentlyContinue | Get-UsageBlock -Active -TokenLimit {limit} -AsOf '2026-11-18T23:59:00Z' | Send-UsageAlert -Channel (New-AlertChannel -Path '{log}' -MinimumLevel Info) -ConnectionString '{Db}' | ForEach-Object {{ '{{0}} {{1}}' -f $_.Status, $_.Budget }}";
        var first = HostedSession.Run(Script(100000));
        var second = HostedSession.Run(Script(100001));
        Assert.Empty(first.Errors);
        Assert.Equal("Sent 5h window 2026-11-18 23:00", Assert.Single(first.Output).ToString());
        Assert.Equal("Suppressed 5h window 2026-11-18 23:00", Assert.Single(second.Output).ToString());
        Assert.Contains("\"periodStart\":\"2026-11-18T23:00:00+00:00\"", Assert.Single(File.ReadAllLines(log)));
    }

    [Fact]
    public void Custom_objects_without_a_start_are_one_event_per_message_text()
    {
        var log = Path.Combine(_folder, "custom.jsonl");
        var run = HostedSession.Run($$"""
            $file = New-AlertChannel -Path '{{log}}'
            $a = [pscustomobject]@{ Level = 'Warning'; Budget = 'ops'; Message = 'Latency doubled' }
            $b = [pscustomobject]@{ Level = 'Warning'; Budget = 'ops'; Message = 'Error rate tripled' }
            $a, $b, $a | Send-UsageAlert -Channel $file -ConnectionString '{{Db}}' | ForEach-Object { $_.Status.ToString() }
            """);
        Assert.Empty(run.Errors);
        Assert.Equal(["Sent", "Sent", "Suppressed"], run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void WhatIf_sends_nothing_and_creates_no_store()
    {
        var run = HostedSession.Run($"{Critical} | Send-UsageAlert -Channel (New-AlertChannel -Slack '{Url}') -ConnectionString '{Db}' -WhatIf");
        Assert.Empty(run.Output);
        Assert.Contains("What if: Performing the operation \"Send Critical alert\" on target \"Slack: budget 'default'\"", run.HostText);
        Assert.Empty(_server.Requests);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public void Force_sends_again_and_Cooldown_is_accepted_as_a_duration()
    {
        var send = $"{Critical} | Send-UsageAlert -Channel (New-AlertChannel -Webhook '{Url}') -ConnectionString '{Db}'";
        HostedSession.Run(send);
        var cooled = HostedSession.Run(send + " -Cooldown 2h");
        var forced = HostedSession.Run(send + " -Force");
        Assert.Equal("Webhook Critical Suppressed 0", Line(cooled));
        Assert.Contains("cooldown of 2h", cooled.Output[0].Get<string>("Reason"));
        Assert.Equal("Webhook Critical Sent 1", Line(forced));
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public void Secrets_appear_nowhere_in_output_errors_verbose_host_text_or_the_store()
    {
        const string password = "Pw-Never-Shown-31337";
        _server.Enqueue(new Reply(500), new Reply(500));
        var run = HostedSession.Run($$"""
            $credential = [pscredential]::new('alerts', [System.Net.NetworkCredential]::new('', '{{password}}').SecurePassword)
            $channels = @(
                New-AlertChannel -Webhook '{{Url}}' -Secret '{{SigningSecret}}' {{Fast}}
                New-AlertChannel -Webhook 'http://127.0.0.1:9/hook/ClosedPortSecret77' -Name closed {{Fast}}
                New-AlertChannel -SmtpServer 127.0.0.1 -Port 9 -SmtpSecurity None -From a@example.test -To b@example.test -Credential $credential {{Fast}}
            )
            $channels | Out-Default
            $channels | ForEach-Object { $_.ToString() }
            {{Critical}} | Send-UsageAlert -Channel $channels -ConnectionString '{{Db}}' -Verbose | Out-Default
            {{Critical}} | Send-UsageAlert -Channel $channels -ConnectionString '{{Db}}' -Verbose -WhatIf
            """, render: true);
        Assert.Null(run.Terminating);
        Assert.True(run.Errors.Count == 3, string.Join("\n", run.Errors)); // every channel failed, each an error of its own
        var shown = string.Join("\n", [
            run.HostText, .. run.Output.Select(o => o.ToString()),
            .. run.Errors.Select(e => e.ToString() + e.Exception + e.ErrorDetails?.Message + e.TargetObject),
            .. run.Verbose.Select(v => v.Message)]);
        Assert.Contains("http://127.0.0.1:", shown); // redacted addresses are shown
        foreach (var secret in new[] { "SuperSecretToken9f8e7d", "/hooks/T0001", SigningSecret, "ClosedPortSecret77", password }) Assert.DoesNotContain(secret, shown);
        var store = Encoding.Latin1.GetString(File.ReadAllBytes(Db)) + string.Concat(Directory.EnumerateFiles(_folder, "usage.db-*").Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        foreach (var secret in new[] { "SuperSecretToken9f8e7d", SigningSecret, "ClosedPortSecret77", password }) Assert.DoesNotContain(secret, store);
    }

    [Fact]
    public void A_bad_address_is_refused_without_echoing_it()
    {
        var run = HostedSession.Run("New-AlertChannel -Slack 'http://hooks.example.com/T1/B2/NotInErrors55'");
        var error = Assert.Single(run.Errors);
        Assert.Empty(run.Output);
        Assert.Equal("InvalidAlertChannel,TokenMonitor.Commands.NewAlertChannelCommand", error.FullyQualifiedErrorId);
        Assert.Contains("https://", error.Exception.Message);
        Assert.DoesNotContain("NotInErrors55", error.ToString() + error.Exception + error.TargetObject);
    }

    [Fact]
    public void Channels_come_from_the_budget_file_with_their_URLs_from_the_environment()
    {
        var file = Path.Combine(_folder, "budgets.json");
        File.WriteAllText(file, """
            {
              "budgets": [ { "name": "team", "amount": 2.5, "period": "Monthly" } ],
              "channels": [
                { "name": "ops-hook", "type": "webhook", "urlVariable": "TM_TEST_HOOK_URL", "minimumLevel": "Warning" },
                { "name": "audit", "type": "file", "path": "alerts.jsonl", "minimumLevel": "Info" },
                { "name": "pager", "type": "slack", "urlVariable": "TM_TEST_HOOK_URL", "minimumLevel": "Exceeded" }
              ]
            }
            """);
        Environment.SetEnvironmentVariable("TM_TEST_HOOK_URL", Url);
        try
        {
            var all = HostedSession.Run($"Import-UsageLog ./samples/claude/projects -Recurse -ErrorAction SilentlyContinue | Test-BudgetThreshold -BudgetFile '{file}' -AsOf '2026-11-20T18:00:00Z' | Send-UsageAlert -BudgetFile '{file}' -ConnectionString '{Db}'");
            Assert.Empty(all.Errors);
            Assert.Equal(["ops-hook Critical Sent 1", "audit Critical Sent 1"], Lines(all));
            Assert.True(File.Exists(Path.Combine(_folder, "alerts.jsonl")));

            var named = HostedSession.Run($"{Critical} | Send-UsageAlert -BudgetFile '{file}' -Channel ops-hook, Console -ConnectionString '{Db}'");
            Assert.Equal(["ops-hook Critical Sent 1", "Console Critical Sent 1"], Lines(named));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TM_TEST_HOOK_URL", null);
        }
    }

    [Fact]
    public void A_channel_file_mistake_names_the_file_the_channel_and_the_field()
    {
        var file = Path.Combine(_folder, "budgets.json");
        File.WriteAllText(file, """
            { "budgets": [], "channels": [ { "name": "ops", "type": "slak", "urlVariable": "TM_TEST_UNSET_VARIABLE" },
                                           { "name": "team", "type": "webhook", "urlVariable": "TM_TEST_UNSET_VARIABLE", "minimumLevl": "Info" } ] }
            """);
        var run = HostedSession.Run($"Send-UsageAlert -Level Critical -Message m -BudgetFile '{file}'");
        var error = Assert.Single(run.Errors);
        Assert.Empty(run.Output);
        Assert.Equal("InvalidChannelFile,TokenMonitor.Commands.SendUsageAlertCommand", error.FullyQualifiedErrorId);
        Assert.NotNull(error.ErrorDetails.RecommendedAction);
        var message = error.Exception.Message;
        Assert.Contains($"{file}: channel 'ops': 'type': 'slak' is not one of", message);
        Assert.Contains($"{file}: channel 'team': 'minimumLevl': unknown field", message);
        Assert.Contains($"{file}: channel 'team': 'urlVariable': the environment variable 'TM_TEST_UNSET_VARIABLE' is not set", message);
    }

    [Fact]
    public void Two_channels_with_one_name_are_refused()
    {
        var run = HostedSession.Run($"Send-UsageAlert -Level Critical -Message m -Channel (New-AlertChannel -Webhook '{Url}'), (New-AlertChannel -Webhook '{Url}')");
        Assert.Equal("DuplicateAlertChannel,TokenMonitor.Commands.SendUsageAlertCommand", Assert.Single(run.Errors).FullyQualifiedErrorId);
        Assert.Empty(run.Output);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void New_AlertChannel_shows_a_redacted_target_in_its_view()
    {
        var run = HostedSession.Run($"New-AlertChannel -Slack '{Url}' -Name team -MinimumLevel Critical | Out-Default", render: true);
        Assert.Matches(@"Name\s+Kind\s+MinimumLevel\s+Signed\s+Target", run.HostText);
        Assert.Matches(@"team\s+Slack\s+Critical\s+False\s+http://127\.0\.0\.1:\d+/…", run.HostText);
        Assert.DoesNotContain("SuperSecretToken9f8e7d", run.HostText);
    }

    [Fact]
    public void Channel_names_complete_from_the_budget_file()
    {
        var file = Path.Combine(_folder, "budgets.json");
        File.WriteAllText(file, """{ "budgets": [], "channels": [ { "name": "ops-hook", "type": "console" }, { "name": "audit", "type": "console" } ] }""");
        var run = HostedSession.Run($"(TabExpansion2 -inputScript \"Send-UsageAlert -BudgetFile '{file}' -Channel \" -cursorColumn {("Send-UsageAlert -BudgetFile '" + file + "' -Channel ").Length}).CompletionMatches | ForEach-Object CompletionText");
        Assert.Equal(["Console", "ops-hook", "audit"], run.Output.Select(o => o.ToString()));
    }

    [SkippableFact]
    public void Email_reaches_a_real_SMTP_server()
    {
        Skip.IfNot(SmtpTestServer.Available, SmtpTestServer.SkipReason);
        using var smtp = new SmtpTestServer();
        var run = HostedSession.Run($"{Critical} | Send-UsageAlert -Channel (New-AlertChannel -SmtpServer 127.0.0.1 -Port {smtp.Port} -SmtpSecurity None -From alerts@example.test -To finops@example.test) -ConnectionString '{Db}'");
        Assert.Empty(run.Errors);
        Assert.Equal("Email Critical Sent 1", Line(run));
        var mail = Assert.Single(smtp.Messages());
        Assert.Contains("Subject: [CRITICAL] TokenMonitor budget 'default' (monthly)", mail);
        Assert.Contains("Action: review the largest sessions", mail);
    }

    [SkippableFact]
    public void TLS_succeeds_with_a_certificate_the_platform_trusts_and_fails_without()
    {
        Skip.IfNot(SmtpTestServer.Available, SmtpTestServer.SkipReason);
        Skip.IfNot(OperatingSystem.IsLinux(), "SSL_CERT_FILE is OpenSSL's trust setting, used by .NET on Linux.");
        // The certificate is trusted the way an operator trusts a private CA: through the platform's trust store
        // (OpenSSL reads SSL_CERT_FILE at process start), never by a callback that skips validation.
        using var certificate = SelfSigned.Create("localhost");
        var pem = SelfSigned.WritePem(certificate, _folder);
        using var https = new LoopbackHttpServer(certificate);
        using var smtp = new SmtpTestServer(pem);
        using var smtps = new SmtpTestServer(pem, implicitTls: true);
        var script = $$"""
            $hook = New-AlertChannel -Webhook 'https://localhost:{{https.BaseUri.Port}}/hook/TlsSecretPath' -MaximumRetryCount 0
            $mail = New-AlertChannel -SmtpServer localhost -Port {{smtp.Port}} -SmtpSecurity StartTls -From a@example.test -To b@example.test -MaximumRetryCount 0
            $smtps = New-AlertChannel -SmtpServer localhost -Port {{smtps.Port}} -SmtpSecurity Tls -From a@example.test -To b@example.test -MaximumRetryCount 0 -Name smtps
            Send-UsageAlert -Level Critical -Message 'tls check' -Budget tls -Channel $hook, $mail, $smtps -Force -ConnectionString '{{Db}}' -ErrorAction SilentlyContinue |
                ForEach-Object { '{0} {1} {2}' -f $_.Channel, $_.Status, $_.Reason }
            """;

        var untrusted = TokenmonitorProcess.Run(new Dictionary<string, string> { ["SSL_CERT_FILE"] = Path.Combine(_folder, "empty.pem") }, "-Command", script);
        Assert.Contains("Webhook Failed TLS error", untrusted.Out);
        Assert.Contains("Email Failed TLS error", untrusted.Out);
        Assert.Contains("smtps Failed TLS error", untrusted.Out);
        Assert.Empty(https.Requests);
        Assert.Empty(smtp.Messages());
        Assert.Empty(smtps.Messages());

        var trusted = TokenmonitorProcess.Run(new Dictionary<string, string> { ["SSL_CERT_FILE"] = pem.Certificate }, "-Command", script);
        Assert.True(trusted.Out.Contains("Webhook Sent") && trusted.Out.Contains("Email Sent") && trusted.Out.Contains("smtps Sent"), trusted.Out + trusted.Err);
        Assert.Single(https.Requests);
        Assert.Contains("tls check", Assert.Single(smtp.Messages()));
        Assert.Contains("tls check", Assert.Single(smtps.Messages()));
    }

    [Fact]
    public async Task Two_processes_at_the_same_moment_send_one_alert()
    {
        for (var i = 0; i < 2; i++) _server.Enqueue(new Reply(200, Delay: TimeSpan.FromMilliseconds(500)));
        var script = $"{Critical} | Send-UsageAlert -Channel (New-AlertChannel -Webhook '{Url}') -ConnectionString '{Db}' | ForEach-Object {{ $_.Status.ToString() }}";
        var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(() => TokenmonitorProcess.Run("-Command", script))).ToArray();
        var results = await Task.WhenAll(runs);
        var statuses = results.Select(r => r.Out.Split('\n').Select(l => l.Trim()).Last(l => l.Length > 0)).Order().ToList();
        Assert.True(results.All(r => r.Err.Trim().Length == 0), string.Join("\n", results.Select(r => r.Err)));
        Assert.Equal(["Sent", "Suppressed"], statuses);
        Assert.Single(_server.Requests);
    }

    [SkippableFact]
    public async Task Two_pipelines_at_once_sharing_a_PostgreSQL_store_send_one_alert_and_its_password_is_never_shown()
    {
        var admin = Environment.GetEnvironmentVariable("TOKENMONITOR_TEST_POSTGRES");
        Skip.If(admin is null, "SKIPPED: TOKENMONITOR_TEST_POSTGRES is not set; run '.ci/postgres.sh start' and source its env file (.ci/run does).");
        var schema = "alerts_" + Guid.NewGuid().ToString("N")[..12];
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(admin);
        Execute(admin!, $"CREATE SCHEMA {schema}");
        try
        {
            var cs = new Npgsql.NpgsqlConnectionStringBuilder(admin) { SearchPath = schema }.ConnectionString;
            for (var i = 0; i < 2; i++) _server.Enqueue(new Reply(200, Delay: TimeSpan.FromMilliseconds(500)));
            var script = $"{Critical} | Send-UsageAlert -Channel (New-AlertChannel -Webhook '{Url}') -ConnectionString '{cs}' -Verbose";
            var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => HostedSession.Run(script))));

            Assert.Equal(["Sent", "Suppressed"], runs.Select(r => Assert.Single(r.Output).Get<string>("Status")).Order());
            Assert.Single(_server.Requests);
            var shown = string.Join("\n", runs.SelectMany(r => r.Verbose.Select(v => v.Message).Concat(r.Output.Select(o => o.Raw("Reason")?.ToString() ?? ""))));
            Assert.Contains("PostgreSql usage store", shown);
            Assert.DoesNotContain(builder.Password!, shown);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            Execute(admin!, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string Line(RunResult run) => Lines(run).Single();

    private static List<string> Lines(RunResult run) => run.Output.Select(o =>
        $"{o.Get<string>("Channel")} {o.Get<string>("Level")} {o.Get<string>("Status")} {o.Get<int>("Attempts")}").ToList();

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
