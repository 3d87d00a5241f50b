using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>AWS credentials for one request, as the SDK's <c>ImmutableCredentials</c> hands them out. Never logged.</summary>
/// <param name="AccessKeyId">The access key id.</param>
/// <param name="SecretAccessKey">The secret key.</param>
/// <param name="SessionToken">The session token of temporary credentials, or <see langword="null"/>.</param>
internal sealed record AwsCredentialsSnapshot(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    // Records print their members; a secret must never reach a log through ToString.
    public override string ToString() => $"AwsCredentialsSnapshot {{ AccessKeyId = {AccessKeyId} }}";
}

/// <summary>What is signed: the request as it goes on the wire.</summary>
internal sealed class SigV4Request
{
    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The path as it appears on the request line (before normalisation and encoding).</summary>
    public required string Path { get; init; }

    /// <summary>The query string without the leading <c>?</c>, or empty.</summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>The headers to sign, in request order; repeated names allowed.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }
}

/// <summary>The result of signing: the intermediate strings (for tests) and the headers to add.</summary>
internal sealed record SigV4Signature(
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    string Authorization,
    string AmzDate,
    string? SecurityToken);

/// <summary>
/// AWS Signature Version 4 (header-based, <c>AWS4-HMAC-SHA256</c>), as the official test suite specifies it. Stateless and
/// thread-safe.
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string AmzDateHeader = "X-Amz-Date";
    public const string SecurityTokenHeader = "X-Amz-Security-Token";

    /// <summary>Signs a request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="credentials">The credentials.</param>
    /// <param name="region">The signing region.</param>
    /// <param name="service">The signing name (<c>sms-voice</c>).</param>
    /// <param name="now">The signing time; it replaces any <c>X-Amz-Date</c> in the request.</param>
    /// <param name="signSecurityToken">
    /// Whether the session token is part of the signed headers (every current service) or added after signing
    /// (the suite's <c>post-sts-header-after</c> case).
    /// </param>
    public static SigV4Signature Sign(
        SigV4Request request,
        AwsCredentialsSnapshot credentials,
        string region,
        string service,
        DateTimeOffset now,
        bool signSecurityToken = true)
    {
        var amzDate = AmzDate(now);
        var date = amzDate[..8];

        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count + 2);
        var hasToken = false;
        foreach (var header in request.Headers)
        {
            if (header.Key.Equals(AmzDateHeader, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (header.Key.Equals(SecurityTokenHeader, StringComparison.OrdinalIgnoreCase))
            {
                hasToken = true;
                if (!signSecurityToken)
                {
                    continue;
                }
            }

            headers.Add(header);
        }

        headers.Add(new(AmzDateHeader, amzDate));
        string? tokenToAdd = null;
        if (!string.IsNullOrEmpty(credentials.SessionToken) && !hasToken)
        {
            tokenToAdd = credentials.SessionToken;
            if (signSecurityToken)
            {
                headers.Add(new(SecurityTokenHeader, credentials.SessionToken));
            }
        }

        var (canonicalHeaders, signedHeaders) = CanonicalHeaders(headers);
        var canonicalRequest = string.Join('\n',
            request.Method.ToUpperInvariant(),
            CanonicalPath(request.Path),
            CanonicalQuery(request.Query),
            canonicalHeaders,
            signedHeaders,
            HexSha256(request.Body.Span));

        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, HexSha256(Encoding.UTF8.GetBytes(canonicalRequest)));

        var key = CachedSigningKey(credentials.SecretAccessKey, date, region, service);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Signature(canonicalRequest, stringToSign, signature, authorization, amzDate, tokenToAdd);
    }

    private static string AmzDate(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    // The key depends only on the secret, the day, the region and the service: derive it once a day, as the AWS SDKs do
    // (it is four HMACs). Keyed by all four, so several services (SMS, WhatsApp) and accounts each keep theirs.
    private static readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> SigningKeys = new();

    private static byte[] CachedSigningKey(string secretAccessKey, string date, string region, string service)
    {
        if (SigningKeys.Count > 64)
        {
            SigningKeys.Clear(); // yesterday's keys (and rotated secrets) are never asked for again
        }

        return SigningKeys.GetOrAdd((secretAccessKey, date, region, service), static k => SigningKey(k.Secret, k.Date, k.Region, k.Service));
    }

    /// <summary>The SigV4 signing key for a day, region and service.</summary>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(kService, "aws4_request"u8);
    }

    /// <summary>Lower-case hex SHA-256.</summary>
    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Removes dot segments and empty segments, then URI-encodes each segment (non-S3 rules).</summary>
    internal static string CanonicalPath(string path)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            return "/";
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        if (segments.Count == 0)
        {
            return "/";
        }

        var trailingSlash = path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal);
        var builder = new StringBuilder();
        foreach (var segment in segments)
        {
            builder.Append('/');
            UriEncode(builder, segment);
        }

        if (trailingSlash)
        {
            builder.Append('/');
        }

        return builder.ToString();
    }

    /// <summary>Decodes each name and value, re-encodes them, and sorts by name then value.</summary>
    internal static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return string.Empty;
        }

        var pairs = new List<(string Key, string Value)>();
        foreach (var part in query.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add((Encode(Uri.UnescapeDataString(name)), Encode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(static p => p.Key + "=" + p.Value));
    }

    private static (string Canonical, string Signed) CanonicalHeaders(List<KeyValuePair<string, string>> headers)
    {
        // A handful of headers per request: sort an array in place instead of building a SortedDictionary of lists.
        var entries = new (string Name, string Value)[headers.Count];
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            entries[i] = (LowerTrimmed(name), CollapseWhitespace(value));
        }

        // Stable by position for equal names: repeated headers keep their order, as the suite requires.
        var order = new int[entries.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var byName = string.CompareOrdinal(entries[a].Name, entries[b].Name);
            return byName != 0 ? byName : a.CompareTo(b);
        });

        var canonical = new StringBuilder(256);
        var signed = new StringBuilder(64);
        for (var k = 0; k < order.Length; k++)
        {
            var (name, value) = entries[order[k]];
            var continues = k > 0 && entries[order[k - 1]].Name == name;
            if (continues)
            {
                canonical.Length--; // replace the previous line's '\n' with ','
                canonical.Append(',').Append(value).Append('\n');
                continue;
            }

            canonical.Append(name).Append(':').Append(value).Append('\n');
            if (signed.Length > 0)
            {
                signed.Append(';');
            }

            signed.Append(name);
        }

        return (canonical.ToString(), signed.ToString());
    }

    private static string LowerTrimmed(string name)
    {
        var trimmed = name.AsSpan().Trim();
        foreach (var c in trimmed)
        {
            if (char.IsUpper(c))
            {
                return trimmed.ToString().ToLowerInvariant();
            }
        }

        return trimmed.Length == name.Length ? name : trimmed.ToString();
    }

    private static string CollapseWhitespace(string value)
    {
        var trimmed = value.AsSpan().Trim();
        var clean = true;
        for (var i = 0; i < trimmed.Length && clean; i++)
        {
            clean = !char.IsWhiteSpace(trimmed[i]) || (trimmed[i] == ' ' && !char.IsWhiteSpace(trimmed[i + 1]));
        }

        if (clean)
        {
            return trimmed.Length == value.Length ? value : trimmed.ToString();
        }

        var builder = new StringBuilder(trimmed.Length);
        var pendingSpace = false;
        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        UriEncode(builder, value);
        return builder.ToString();
    }

    private static void UriEncode(StringBuilder builder, string value)
    {
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
                continue;
            }

            var length = char.IsSurrogatePair(value, i)
                ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), buffer)
                : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), buffer);
            foreach (var b in buffer[..length])
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }
}
