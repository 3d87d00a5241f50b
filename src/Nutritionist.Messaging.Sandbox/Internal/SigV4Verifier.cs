using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>
/// Checks an AWS Signature Version 4 <c>Authorization</c> header the way AWS does: recomputes the canonical request from
/// what arrived (method, path, query, the signed headers, the body hash), the string to sign and the signature, and
/// compares in constant time.
/// </summary>
/// <remarks>
/// Written independently of the AWS provider's signer (the sandbox must not reference it), after the AWS General
/// Reference's description of SigV4; the tests check it against the official suite in <c>shared/reference/sigv4</c>.
/// </remarks>
internal static class SigV4Verifier
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>AWS refuses a request whose <c>X-Amz-Date</c> is further than this from its clock.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    /// <summary>The parts of an <c>Authorization</c> header.</summary>
    public sealed record Authorization(string AccessKeyId, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature);

    /// <summary>Parses <c>AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, SignedHeaders=a;b, Signature=hex</c>.</summary>
    public static Authorization? Parse(string? header)
    {
        if (header is null || !header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return null;
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in header[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            var value = part[(equals + 1)..];
            switch (part[..equals])
            {
                case "Credential":
                    credential = value;
                    break;
                case "SignedHeaders":
                    signedHeaders = value;
                    break;
                case "Signature":
                    signature = value;
                    break;
            }
        }

        var scope = credential?.Split('/');
        if (scope is not { Length: 5 } || scope[4] != "aws4_request" || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature))
        {
            return null;
        }

        return new Authorization(scope[0], scope[1], scope[2], scope[3], signedHeaders.Split(';'), signature);
    }

    /// <summary>
    /// Authenticates a request the way AWS's front end does, for the service <paramref name="signingName"/>: the header's
    /// shape, the credential scope's service, the key (unknown keys pass in permissive mode), the clock skew and the signature.
    /// </summary>
    /// <returns><see langword="null"/> when the request may go on, else AWS's error type and message (answered with HTTP 403).</returns>
    public static (string Type, string Message)? Check(SandboxRequest request, SandboxState state, string signingName)
    {
        var header = request.Header("Authorization");
        if (header is null)
        {
            return ("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        var authorization = Parse(header);
        var amzDate = request.Header("X-Amz-Date");
        var signedAt = ParseAmzDate(amzDate);
        if (authorization is null || signedAt is null)
        {
            return ("IncompleteSignatureException",
                "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters, and the request an 'X-Amz-Date' header.");
        }

        if (authorization.Service != signingName)
        {
            return ("InvalidSignatureException", $"Credential should be scoped to correct service: '{signingName}'. ");
        }

        var options = state.Options;
        if (!string.Equals(authorization.AccessKeyId, options.AwsAccessKeyId, StringComparison.Ordinal))
        {
            // A key the sandbox cannot know (the host's own): permissive mode takes it on trust, strict mode refuses it.
            return options.Strict ? ("UnrecognizedClientException", "The security token included in the request is invalid.") : null;
        }

        var now = state.TimeProvider.GetUtcNow();
        if ((now - signedAt.Value).Duration() > MaxSkew)
        {
            var stamp = signedAt.Value.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var limit = (signedAt.Value < now ? now - MaxSkew : now + MaxSkew).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            return ("InvalidSignatureException", $"Signature expired: {stamp} is now {(signedAt.Value < now ? "earlier" : "later")} than {limit}.");
        }

        var expected = ExpectedSignature(request, authorization, amzDate!, options.AwsSecretAccessKey);
        if (!authorization.SignedHeaders.Contains("host") || !SignaturesMatch(expected, authorization.Signature))
        {
            return ("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        return null;
    }

    /// <summary>The signature the request should carry, given the secret key.</summary>
    public static string ExpectedSignature(SandboxRequest request, Authorization authorization, string amzDate, string secretAccessKey)
    {
        var canonicalRequest = CanonicalRequest(request, authorization.SignedHeaders);
        var scope = $"{authorization.Date}/{authorization.Region}/{authorization.Service}/aws4_request";
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, HexSha256(Encoding.UTF8.GetBytes(canonicalRequest)));

        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(authorization.Date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(authorization.Region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(authorization.Service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>Whether two hex signatures are equal, in time that does not depend on where they differ.</summary>
    public static bool SignaturesMatch(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual.ToLowerInvariant()));

    /// <summary>Parses <c>20150830T123600Z</c>.</summary>
    public static DateTimeOffset? ParseAmzDate(string? value) =>
        DateTimeOffset.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;

    internal static string CanonicalRequest(SandboxRequest request, IReadOnlyList<string> signedHeaders)
    {
        var headers = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            headers.Append(name).Append(':');
            if (request.Headers.TryGetValue(name, out var values))
            {
                headers.Append(string.Join(',', values.Select(TrimAll)));
            }

            headers.Append('\n');
        }

        return string.Join('\n',
            request.Method.ToUpperInvariant(),
            CanonicalPath(request.Path),
            CanonicalQuery(request.Query),
            headers.ToString(),
            string.Join(';', signedHeaders),
            HexSha256(request.Body));
    }

    /// <summary>Non-S3 rules: dot segments and empty segments removed, each segment URI-encoded (again).</summary>
    internal static string CanonicalPath(string path)
    {
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

        var builder = new StringBuilder();
        foreach (var segment in segments)
        {
            builder.Append('/').Append(Encode(segment));
        }

        if (path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal))
        {
            builder.Append('/');
        }

        return builder.ToString();
    }

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

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(part[(equals + 1)..]);
            pairs.Add((Encode(key), Encode(value)));
        }

        pairs.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(static p => p.Key + "=" + p.Value));
    }

    private static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>RFC 3986 encoding: unreserved characters as they are, every other UTF-8 byte as <c>%XX</c>.</summary>
    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Trims a header value and collapses runs of spaces to one, as SigV4 requires.</summary>
    private static string TrimAll(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ')
            {
                if (!space)
                {
                    builder.Append(c);
                }

                space = true;
            }
            else
            {
                builder.Append(c);
                space = false;
            }
        }

        return builder.ToString();
    }
}
