using System.Buffers;
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

/// <summary>The result of signing: the headers to add, and (for tests) the intermediate strings when asked for.</summary>
/// <param name="Authorization">The <c>Authorization</c> header value.</param>
/// <param name="AmzDate">The <c>X-Amz-Date</c> header value.</param>
/// <param name="SecurityToken">The session token the caller adds as <c>X-Amz-Security-Token</c>, or <see langword="null"/>.</param>
/// <param name="CanonicalRequest">The canonical request, only when signed with <c>withIntermediates</c>.</param>
/// <param name="StringToSign">The string to sign, only when signed with <c>withIntermediates</c>.</param>
internal readonly record struct SigV4Signature(
    string Authorization,
    string AmzDate,
    string? SecurityToken,
    string? CanonicalRequest = null,
    string? StringToSign = null)
{
    /// <summary>The hex signature: the end of <see cref="Authorization"/>.</summary>
    public string Signature => Authorization[^(2 * HMACSHA256.HashSizeInBytes)..];
}

/// <summary>
/// AWS Signature Version 4 (header-based, <c>AWS4-HMAC-SHA256</c>), as the official test suite specifies it. Stateless and
/// thread-safe.
/// </summary>
/// <remarks>
/// The spec's steps are written in order as UTF-8 into one pooled buffer: the canonical request, the string to sign (which
/// hashes the canonical request), then the <c>Authorization</c> value (which carries the HMAC of the string to sign). Signing
/// is on every send, so only the strings that go on the request are allocated.
/// </remarks>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string AmzDateHeader = "X-Amz-Date";
    public const string SecurityTokenHeader = "X-Amz-Security-Token";

    private const int HexHashLength = 2 * SHA256.HashSizeInBytes;

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
    /// <param name="withIntermediates">Whether to return the canonical request and the string to sign (tests compare them with the suite's).</param>
    public static SigV4Signature Sign(
        SigV4Request request,
        AwsCredentialsSnapshot credentials,
        string region,
        string service,
        DateTimeOffset now,
        bool signSecurityToken = true,
        bool withIntermediates = false)
    {
        var utc = now.UtcDateTime;
        var amzDate = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate.AsSpan(0, 8);

        // The headers to sign: the request's, with X-Amz-Date set to the signing time and the session token added when the
        // request does not carry it. Pooled arrays, returned cleared: they hold the token.
        var headers = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(request.Headers.Count + 2);
        byte[]? buffer = null;
        try
        {
            var count = 0;
            var hasToken = false;
            for (var i = 0; i < request.Headers.Count; i++)
            {
                var header = request.Headers[i];
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

                headers[count++] = header;
            }

            headers[count++] = new(AmzDateHeader, amzDate);
            string? tokenToAdd = null;
            if (!string.IsNullOrEmpty(credentials.SessionToken) && !hasToken)
            {
                tokenToAdd = credentials.SessionToken;
                if (signSecurityToken)
                {
                    headers[count++] = new(SecurityTokenHeader, credentials.SessionToken);
                }
            }

            var signed = headers.AsSpan(0, count);
            SortByCanonicalName(signed);
            var path = CanonicalPath(request.Path);
            var query = CanonicalQuery(request.Query);

            buffer = ArrayPool<byte>.Shared.Rent(MaxLength(request.Method, path, query, signed, credentials.AccessKeyId, region, service));
            var w = new Utf8Writer(buffer);

            // Task 1: the canonical request.
            w.WriteUpper(request.Method);
            w.Write('\n');
            w.Write(path);
            w.Write('\n');
            w.Write(query);
            w.Write('\n');
            WriteCanonicalHeaders(ref w, signed);
            w.Write('\n');
            var signedHeadersStart = w.Length;
            WriteSignedHeaders(ref w, signed);
            var signedHeaders = new Range(signedHeadersStart, w.Length);
            w.Write('\n');
            w.WriteHexSha256(request.Body.Span);
            var canonicalRequest = new Range(0, w.Length);

            // Task 2: the string to sign.
            var stringToSignStart = w.Length;
            w.Write(Algorithm);
            w.Write('\n');
            w.Write(amzDate);
            w.Write('\n');
            var scopeStart = w.Length;
            w.Write(date);
            w.Write('/');
            w.Write(region);
            w.Write('/');
            w.Write(service);
            w.Write("/aws4_request"u8);
            var scope = new Range(scopeStart, w.Length);
            w.Write('\n');
            w.WriteHexSha256(buffer.AsSpan(canonicalRequest));
            var stringToSign = new Range(stringToSignStart, w.Length);

            // Task 3: the signature, HMAC of the string to sign with the day's signing key.
            var key = CachedSigningKey(credentials.SecretAccessKey, DateOnly.FromDateTime(utc), region, service);
            Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, buffer.AsSpan(stringToSign), signature);

            // Task 4: the Authorization header.
            var authorizationStart = w.Length;
            w.Write(Algorithm);
            w.Write(" Credential="u8);
            w.Write(credentials.AccessKeyId);
            w.Write('/');
            w.Write(buffer.AsSpan(scope));
            w.Write(", SignedHeaders="u8);
            w.Write(buffer.AsSpan(signedHeaders));
            w.Write(", Signature="u8);
            w.WriteHex(signature);
            var authorization = Encoding.UTF8.GetString(buffer.AsSpan(authorizationStart..w.Length));

            return withIntermediates
                ? new SigV4Signature(authorization, amzDate, tokenToAdd, Encoding.UTF8.GetString(buffer.AsSpan(canonicalRequest)), Encoding.UTF8.GetString(buffer.AsSpan(stringToSign)))
                : new SigV4Signature(authorization, amzDate, tokenToAdd);
        }
        finally
        {
            ArrayPool<KeyValuePair<string, string>>.Shared.Return(headers, clearArray: true);
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    // The key depends only on the secret, the day, the region and the service: derive it once a day, as the AWS SDKs do
    // (it is four HMACs). Keyed by all four, so several services (SMS, WhatsApp) and accounts each keep theirs.
    private static readonly ConcurrentDictionary<(string Secret, DateOnly Day, string Region, string Service), byte[]> SigningKeys = new();

    private static byte[] CachedSigningKey(string secretAccessKey, DateOnly day, string region, string service)
    {
        if (SigningKeys.Count > 64)
        {
            SigningKeys.Clear(); // yesterday's keys (and rotated secrets) are never asked for again
        }

        return SigningKeys.GetOrAdd(
            (secretAccessKey, day, region, service),
            static k => SigningKey(k.Secret, k.Day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), k.Region, k.Service));
    }

    /// <summary>The SigV4 signing key for a day, region and service.</summary>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(kService, "aws4_request"u8);
    }

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

    // Stable insertion sort by lower-cased trimmed name: repeated headers keep their order, as the suite requires, and a
    // request has a handful of headers.
    private static void SortByCanonicalName(Span<KeyValuePair<string, string>> headers)
    {
        for (var i = 1; i < headers.Length; i++)
        {
            var header = headers[i];
            var j = i - 1;
            for (; j >= 0 && CompareNames(headers[j].Key, header.Key) > 0; j--)
            {
                headers[j + 1] = headers[j];
            }

            headers[j + 1] = header;
        }
    }

    /// <summary>Orders names as <see cref="string.CompareOrdinal(string, string)"/> orders them lower-cased and trimmed.</summary>
    private static int CompareNames(string a, string b)
    {
        var x = a.AsSpan().Trim();
        var y = b.AsSpan().Trim();
        for (var i = 0; i < x.Length && i < y.Length; i++)
        {
            var byChar = char.ToLowerInvariant(x[i]).CompareTo(char.ToLowerInvariant(y[i]));
            if (byChar != 0)
            {
                return byChar;
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    /// <summary><c>name:value\n</c> per name, values of a repeated name joined with commas.</summary>
    private static void WriteCanonicalHeaders(ref Utf8Writer w, ReadOnlySpan<KeyValuePair<string, string>> sorted)
    {
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i > 0 && CompareNames(sorted[i - 1].Key, sorted[i].Key) == 0)
            {
                w.Write(',');
            }
            else
            {
                if (i > 0)
                {
                    w.Write('\n');
                }

                w.WriteLowerTrimmed(sorted[i].Key);
                w.Write(':');
            }

            w.WriteCollapsed(sorted[i].Value);
        }

        w.Write('\n');
    }

    /// <summary>The distinct names, lower-cased, joined with <c>;</c>.</summary>
    private static void WriteSignedHeaders(ref Utf8Writer w, ReadOnlySpan<KeyValuePair<string, string>> sorted)
    {
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i > 0 && CompareNames(sorted[i - 1].Key, sorted[i].Key) == 0)
            {
                continue;
            }

            if (i > 0)
            {
                w.Write(';');
            }

            w.WriteLowerTrimmed(sorted[i].Key);
        }
    }

    // An upper bound of what Sign writes: 3 UTF-8 bytes per char of free text (the canonical path and query are already
    // percent-encoded ASCII); header names appear in the canonical headers, the signed headers and the Authorization value.
    private static int MaxLength(
        string method, string path, string query, ReadOnlySpan<KeyValuePair<string, string>> headers, string accessKeyId, string region, string service)
    {
        var chars = method.Length + accessKeyId.Length + (2 * (region.Length + service.Length));
        foreach (var header in headers)
        {
            chars += (3 * header.Key.Length) + header.Value.Length + 3;
        }

        return path.Length + query.Length + (3 * chars) + (3 * HexHashLength) + 256;
    }

    /// <summary>Appends UTF-8 to a buffer known to be large enough.</summary>
    private ref struct Utf8Writer(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Length { get; private set; }

        public void Write(char ascii) => _buffer[Length++] = (byte)ascii;

        public void Write(scoped ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[Length..]);
            Length += bytes.Length;
        }

        public void Write(scoped ReadOnlySpan<char> text) => Length += Encoding.UTF8.GetBytes(text, _buffer[Length..]);

        public void WriteUpper(string text)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                Length += Rune.ToUpperInvariant(rune).EncodeToUtf8(_buffer[Length..]);
            }
        }

        public void WriteLowerTrimmed(string name)
        {
            foreach (var rune in name.AsSpan().Trim().EnumerateRunes())
            {
                Length += Rune.ToLowerInvariant(rune).EncodeToUtf8(_buffer[Length..]);
            }
        }

        /// <summary>Trimmed, with each run of whitespace inside as one space.</summary>
        public void WriteCollapsed(string value)
        {
            var pendingSpace = false;
            foreach (var rune in value.AsSpan().Trim().EnumerateRunes())
            {
                if (Rune.IsWhiteSpace(rune))
                {
                    pendingSpace = true;
                    continue;
                }

                if (pendingSpace)
                {
                    Write(' ');
                    pendingSpace = false;
                }

                Length += rune.EncodeToUtf8(_buffer[Length..]);
            }
        }

        public void WriteHex(scoped ReadOnlySpan<byte> bytes)
        {
            Span<char> hex = stackalloc char[2 * bytes.Length];
            Convert.TryToHexStringLower(bytes, hex, out _);
            Write(hex);
        }

        public void WriteHexSha256(scoped ReadOnlySpan<byte> data)
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(data, hash);
            WriteHex(hash);
        }
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
