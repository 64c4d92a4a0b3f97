using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TokenMonitor.Alerts;

/// <summary>
/// How a generic webhook proves it came from us: HMAC-SHA256 with the shared secret over
/// <c>timestamp + "." + body</c>, the scheme Stripe and Slack use. The timestamp (Unix seconds) is signed with the body,
/// so a receiver that also rejects old timestamps cannot be fed a replayed request.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-TokenMonitor-Timestamp";
    public const string SignatureHeader = "X-TokenMonitor-Signature";
    public const string EventHeader = "X-TokenMonitor-Event";

    /// <summary>The prefix of the signature value, naming the scheme so a later one can sit beside it.</summary>
    public const string Scheme = "v1";

    /// <summary>"v1=" and the lowercase hex HMAC-SHA256 of "{timestamp}.{body}".</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return $"{Scheme}={Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)).ToLowerInvariant()}";
    }

    /// <summary>Checks a signature in constant time, as a receiver should.</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
