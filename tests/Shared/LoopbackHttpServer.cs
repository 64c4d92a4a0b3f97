using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenMonitor.Testing;

/// <summary>One request as the server received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>What the server answers to one request: a status, an optional Retry-After, and a delay before answering.</summary>
internal sealed record Reply(int Status, string? RetryAfter = null, TimeSpan Delay = default)
{
    public static readonly Reply Ok = new(200);
}

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 and a free port, for alert channel tests: it records every request and
/// answers from a queue of scripted replies (200 once the queue is empty), so a test can make it fail, throttle or hang.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Reply> _replies = new();

    public LoopbackHttpServer(params Reply[] replies) : this(null, replies)
    {
    }

    /// <param name="certificate">Serve HTTPS with this certificate (see <see cref="SelfSigned"/>).</param>
    public LoopbackHttpServer(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate, params Reply[] replies)
    {
        foreach (var reply in replies) _replies.Enqueue(reply);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        _app = builder.Build();
        _app.Run(HandleAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address);
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>An address on this server with a secret-looking path, as a Slack or Teams URL has.</summary>
    public Uri Url(string path) => new(BaseUri, path);

    public void Enqueue(params Reply[] replies)
    {
        foreach (var reply in replies) _replies.Enqueue(reply);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray()));
        var reply = _replies.TryDequeue(out var next) ? next : Reply.Ok;
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is not null) context.Response.Headers.RetryAfter = reply.RetryAfter;
        await context.Response.WriteAsync(reply.Status < 300 ? "ok" : "no");
    }

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }
}
