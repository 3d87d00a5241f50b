using System.Text;
using Nutritionist.Messaging.Sandbox.Internal;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Sandbox.Tests;

/// <summary>The sandbox's own SigV4 verifier against the official AWS SigV4 test suite (botocore's copy).</summary>
public class SigV4VerifierTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    [TestCase("get-vanilla")]
    [TestCase("get-vanilla-query")]
    [TestCase("get-vanilla-query-order-key-case")]
    [TestCase("get-vanilla-query-unreserved")]
    [TestCase("get-vanilla-utf8-query")]
    [TestCase("get-vanilla-empty-query-key")]
    [TestCase("get-unreserved")]
    [TestCase("get-utf8")]
    [TestCase("get-header-key-duplicate")]
    [TestCase("get-header-value-order")]
    [TestCase("get-header-value-trim")]
    [TestCase("post-header-key-case")]
    [TestCase("post-header-key-sort")]
    [TestCase("post-header-value-case")]
    [TestCase("post-vanilla")]
    [TestCase("post-vanilla-empty-query-value")]
    [TestCase("post-vanilla-query")]
    [TestCase("post-x-www-form-urlencoded")]
    [TestCase("post-x-www-form-urlencoded-parameters")]
    public void Verifier_recomputes_the_suites_signatures(string name)
    {
        var request = Parse(ReferenceData.ReadText($"sigv4/classic/{name}/{name}.req"));
        var header = ReferenceData.ReadText($"sigv4/classic/{name}/{name}.authz").Trim();
        var authorization = SigV4Verifier.Parse(header)!;

        Assert.That(authorization, Is.Not.Null);
        Assert.That(SigV4Verifier.CanonicalRequest(request, authorization.SignedHeaders), Is.EqualTo(ReferenceData.ReadText($"sigv4/classic/{name}/{name}.creq")));
        var expected = SigV4Verifier.ExpectedSignature(request, authorization, request.Header("X-Amz-Date")!, Secret);
        Assert.That(SigV4Verifier.SignaturesMatch(expected, authorization.Signature), Is.True);
        Assert.That(SigV4Verifier.SignaturesMatch(SigV4Verifier.ExpectedSignature(request, authorization, request.Header("X-Amz-Date")!, Secret + "x"), authorization.Signature), Is.False);
    }

    private static SandboxRequest Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var first = lines[0];
        var method = first[..first.IndexOf(' ', StringComparison.Ordinal)];
        var target = first[(method.Length + 1)..first.LastIndexOf(' ')];
        var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            var key = lines[i][..colon];
            if (!headers.TryGetValue(key, out var values))
            {
                values = [];
                headers[key] = values;
            }

            values.Add(lines[i][(colon + 1)..]);
        }

        var body = i + 1 < lines.Length ? string.Join('\n', lines[(i + 1)..]) : string.Empty;
        var question = target.IndexOf('?', StringComparison.Ordinal);
        return new SandboxRequest
        {
            Method = method,
            Path = question < 0 ? target : target[..question],
            Query = question < 0 ? string.Empty : target[(question + 1)..],
            Host = headers["Host"][0],
            Headers = headers.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.OrdinalIgnoreCase),
            Body = Encoding.UTF8.GetBytes(body),
        };
    }
}
