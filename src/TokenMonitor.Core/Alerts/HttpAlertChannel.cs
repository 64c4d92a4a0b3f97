using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace TokenMonitor.Alerts;

/// <summary>
/// Posts an alert as JSON to Slack, Teams or a generic webhook, through a Polly pipeline: a timeout on each attempt,
/// retries with exponential backoff and jitter on network errors, timeouts, 408, 429 and 5xx, and the server's
/// Retry-After honoured on 429 and 503. Certificates are validated by the platform; nothing here overrides that.
/// </summary>
public sealed class HttpAlertChannel : IAlertChannel
{
    // One client for the process: sockets are pooled and DNS is re-read every few minutes. No certificate callback is
    // set, so a TLS error is a failure, never skipped.
    private static readonly HttpClient SharedClient = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly AlertChannel _definition;
    private readonly HttpClient _client;
    private readonly TimeProvider _clock;

    public HttpAlertChannel(AlertChannel definition, HttpClient? client = null, TimeProvider? clock = null)
    {
        if (definition.Uri is null) throw new ArgumentException($"The channel '{definition.Name}' has no address.", nameof(definition));
        _definition = definition;
        _client = client ?? SharedClient;
        _clock = clock ?? TimeProvider.System;
    }

    public string Name => _definition.Name;
    public AlertLevel MinimumLevel => _definition.MinimumLevel;
    public string Target => _definition.Target;
    public bool IsOnceOnly => true;
    public string StateKey => _definition.StateKey;
    public IEnumerable<string> Secrets => _definition.Secrets();
    public TimeSpan LongestSend => _definition.Delivery.LongestSend;

    public ChannelDelivery Send(AlertMessage message, CancellationToken cancel)
    {
        var options = _definition.Delivery;
        var attempts = 0;
        var giveUpReason = (string?)null;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _clock };
        // Polly refuses a retry strategy with no retries: with one attempt there is simply none.
        if (options.MaximumAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaximumAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaximumDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options, _clock.GetUtcNow(), ref giveUpReason)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response, _clock.GetUtcNow()) : null),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        var pipeline = builder.AddTimeout(options.Timeout).Build();

        HttpResponseMessage response;
        try
        {
            response = pipeline.Execute(token =>
            {
                attempts++;
                using var request = Request(message);
                return _client.Send(request, HttpCompletionOption.ResponseHeadersRead, token);
            }, cancel);
        }
        catch (TimeoutRejectedException)
        {
            return Failed(attempts, $"no answer from {Target} within {Seconds(options.Timeout)} s");
        }
        catch (HttpRequestException ex) when (Certificate(ex) is { } tls)
        {
            return Failed(attempts, $"TLS error with {Target}: {tls.Message}");
        }
        catch (HttpRequestException ex)
        {
            var code = ex.StatusCode is { } status ? $"HTTP {(int)status} " : "";
            return Failed(attempts, $"{code}could not reach {Target}: {ex.Message}");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode) return new ChannelDelivery(true, attempts, null);
            var reason = $"HTTP {(int)response.StatusCode} ({response.ReasonPhrase ?? response.StatusCode.ToString()}) from {Target}";
            if (giveUpReason is not null) reason += $"; {giveUpReason}";
            return Failed(attempts, reason);
        }
    }

    private HttpRequestMessage Request(AlertMessage message)
    {
        var now = _clock.GetUtcNow();
        var body = _definition.Kind switch
        {
            AlertChannelKind.Slack => AlertPayloads.Slack(message),
            AlertChannelKind.Teams => AlertPayloads.Teams(message),
            _ => AlertPayloads.Webhook(message, Name, now),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, _definition.Uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("TokenMonitor", typeof(HttpAlertChannel).Assembly.GetName().Version?.ToString(3) ?? "0"));
        if (_definition.Kind == AlertChannelKind.Webhook)
        {
            request.Headers.Add(WebhookSignature.EventHeader, AlertPayloads.EventId(message));
            if (_definition.Secret is { } secret)
            {
                var timestamp = now.ToUnixTimeSeconds();
                request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
            }
        }

        return request;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, DeliveryOptions options, DateTimeOffset now, ref string? giveUpReason)
    {
        if (outcome.Exception is { } ex)
        {
            // A certificate the platform does not trust stays untrusted on the next try.
            return ex is TimeoutRejectedException || (ex is HttpRequestException http && Certificate(http) is null);
        }

        var response = outcome.Result!;
        var code = (int)response.StatusCode;
        // 501 and 505 will answer the same next time; only the transient server errors are worth another try.
        if (code is not (408 or 429 or 500 or 502 or 503 or 504)) return false;
        if (RetryAfter(response, now) is { } wait && wait > options.MaximumRetryAfter)
        {
            giveUpReason = $"the server asked to wait {Seconds(wait)} s (Retry-After), longer than this run waits; the next run tries again";
            return false;
        }

        return true;
    }

    /// <summary>Retry-After on 429 and 503, as seconds or an HTTP date; null leaves the backoff to the retry strategy.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)) return null;
        if (response.Headers.RetryAfter is not { } header) return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - now : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }

    private static AuthenticationException? Certificate(HttpRequestException ex) => ex.InnerException as AuthenticationException;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private ChannelDelivery Failed(int attempts, string reason) =>
        new(false, attempts, AlertRedaction.Scrub(reason, Secrets) + (attempts > 1 ? $" (after {attempts} attempts)" : ""));
}
