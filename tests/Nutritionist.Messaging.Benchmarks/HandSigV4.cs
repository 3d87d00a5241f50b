using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// SigV4 written by hand from the AWS documentation, for the raw signed-POST baseline (the physical limit of a signed
/// call): canonical request, string to sign, HMAC chain, with the signing key cached per day as any client would. Not
/// the library's signer, so the baseline does not move when the library's does. Checked at start-up against the
/// official vector <c>post-x-www-form-urlencoded</c> (<see cref="CheckAgainstVector"/>).
/// </summary>
internal static class HandSigV4
{
    private static volatile Tuple<string, byte[]>? s_signingKey;

    /// <summary>The <c>Authorization</c> header value for a request.</summary>
    /// <param name="headers">The headers to sign: lower-case names, in ordinal order, values as sent.</param>
    public static string Authorization(
        string accessKeyId, string secretAccessKey, string region, string service, string amzDate,
        string method, string path, IReadOnlyList<(string Name, string Value)> headers, ReadOnlySpan<byte> body)
    {
        var day = amzDate[..8];
        var scope = $"{day}/{region}/{service}/aws4_request";
        var canonical = new StringBuilder(512).Append(method).Append('\n').Append(path).Append("\n\n");
        var signedHeaders = new StringBuilder(64);
        foreach (var (name, value) in headers)
        {
            canonical.Append(name).Append(':').Append(value.Trim()).Append('\n');
            signedHeaders.Append(signedHeaders.Length == 0 ? string.Empty : ";").Append(name);
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Convert.ToHexStringLower(SHA256.HashData(body)));
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(secretAccessKey, day, region, service), Encoding.UTF8.GetBytes(stringToSign)));
        return $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    /// <summary>Signs an AWS JSON-protocol POST: sets <c>X-Amz-Date</c> and <c>Authorization</c> on <paramref name="request"/>.</summary>
    public static void SignJsonPost(HttpRequestMessage request, ReadOnlySpan<byte> body, string contentType, string target, string region, string service, DateTimeOffset now)
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var uri = request.RequestUri!;
        (string, string)[] headers = [("content-type", contentType), ("host", uri.Authority), ("x-amz-date", amzDate), ("x-amz-target", target)];
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            Authorization(LoopbackServer.AwsAccessKeyId, LoopbackServer.AwsSecretAccessKey, region, service, amzDate, "POST", uri.AbsolutePath, headers, body));
    }

    // kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request"); the same all day.
    private static byte[] SigningKey(string secret, string day, string region, string service)
    {
        var cacheKey = $"{secret}/{day}/{region}/{service}";
        if (s_signingKey is { } cached && cached.Item1 == cacheKey)
        {
            return cached.Item2;
        }

        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { day, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        s_signingKey = Tuple.Create(cacheKey, key);
        return key;
    }

    /// <summary>
    /// Fails unless the signer reproduces the official <c>post-x-www-form-urlencoded</c> vector from
    /// <c>shared/reference/sigv4/classic</c> (skipped, with a line, when the reference folder is not beside the repository).
    /// </summary>
    public static void CheckAgainstVector()
    {
        const string Name = "sigv4/classic/post-x-www-form-urlencoded/post-x-www-form-urlencoded";
        if (Reference.Find(Name + ".authz") is not { } authzPath)
        {
            Console.WriteLine("// SigV4 vector check skipped: shared/reference/sigv4 not found beside the repository.");
            return;
        }

        var expected = File.ReadAllText(authzPath).Trim();
        (string, string)[] headers = [("content-type", "application/x-www-form-urlencoded"), ("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z")];
        var actual = Authorization(
            "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "service", "20150830T123600Z", "POST", "/", headers, "Param1=value1"u8);
        if (actual != expected)
        {
            throw new InvalidOperationException($"The hand-written SigV4 signer does not reproduce the official vector.{Environment.NewLine}expected: {expected}{Environment.NewLine}actual:   {actual}");
        }
    }
}
