using System.Security.Cryptography;
using System.Text;

namespace Nutritionist.Messaging.Twilio.Tests;

/// <summary>
/// <see cref="TwilioSignature.IsValid"/> hashes each URL candidate together with parameters sorted once; these tests hold
/// it (and <c>StringToSign</c>) to the straightforward definition: the URL, then the distinct pairs sorted by key and
/// value, as one string, UTF-8 encoded.
/// </summary>
public class SignatureEquivalenceTests
{
    private const string Token = "12345";

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("no parameters", "https://example.com/hook", null);
        yield return Case("empty parameters", "https://example.com/hook", []);
        yield return Case("duplicates and repeated keys", "https://example.com/hook?x=1", [("b", "2"), ("a", "2"), ("a", "1"), ("b", "2"), ("a", "1")]);
        yield return Case("null values equal empty ones", "https://example.com/hook", [("a", null), ("a", ""), ("b", null)]);
        yield return Case("null keys are dropped", "https://example.com/hook", [(null, "x"), ("a", "1")]);
        yield return Case("ordinal, not culture, order", "https://example.com/hook", [("b", "1"), ("B", "1"), ("ä", "1"), ("a", "Z"), ("a", "a")]);
        yield return Case("non-ASCII everywhere", "https://exämple.com/ünïcode?q=é", [("Body", "Bonjour 👋 ça va?"), ("From", "whatsapp:+33612345678")]);
        yield return Case("many quotes (longer candidate)", "https://example.com/hook?a='''''''''''''''''''''", [("k", "v")]);
        yield return Case("a port", "http://user:pass@Example.com:8080/hook", [("k", "v")]);
        yield return Case("surrogate pair split between URL and first key", "https://example.com/hook\uD83D", [("\uDC4B", "v")]);
        yield return Case("surrogate pair split between key and value", "https://example.com/hook", [("k\uD83D", "\uDC4Bv")]);
        yield return Case("lone surrogates", "https://example.com/\uDC00hook", [("\uD800", "\uD800"), ("a", "\uDFFF")]);
        yield return Case("an empty key", "https://example.com/hook", [("", "v"), ("", "")]);
        yield return Case(
            "more pairs than the first rented array, not countable",
            "https://example.com/hook",
            Enumerable.Range(0, 100).Select(i => ((string?)$"K{i % 37}", (string?)$"V{i % 5}")).ToArray(),
            countable: false);
    }

    [TestCaseSource(nameof(Cases))]
    public void The_string_to_sign_is_unchanged(string url, IEnumerable<KeyValuePair<string, string>>? parameters) =>
        Assert.That(TwilioSignature.StringToSign(url, parameters), Is.EqualTo(ReferenceStringToSign(url, parameters)));

    [TestCaseSource(nameof(Cases))]
    public void Every_candidate_signature_is_accepted_and_nothing_else(string url, IEnumerable<KeyValuePair<string, string>>? parameters)
    {
        var candidates = TwilioSignature.Candidates(url).ToList();
        foreach (var candidate in candidates)
        {
            var signature = ReferenceSignature(Token, candidate, parameters);
            Assert.That(TwilioSignature.IsValid(Token, url, parameters, signature), Is.True, candidate);
            Assert.That(TwilioSignature.Compute(Token, candidate, parameters), Is.EqualTo(signature), candidate);
        }

        Assert.Multiple(() =>
        {
            Assert.That(TwilioSignature.IsValid("other", url, parameters, ReferenceSignature(Token, url, parameters)), Is.False, "another token");
            Assert.That(TwilioSignature.IsValid(Token, url, parameters, ReferenceSignature(Token, url + "x", parameters)), Is.False, "another URL");
            Assert.That(TwilioSignature.IsValid(Token, url, [.. parameters ?? [], new("extra", "1")], ReferenceSignature(Token, url, parameters)), Is.False, "an extra pair");
            Assert.That(TwilioSignature.IsValid(Token, url, parameters, ReferenceSignature(Token, url, parameters)[..^1]), Is.False, "a truncated signature");
        });
    }

    [Test]
    public void Concurrent_calls_agree()
    {
        var parameters = Enumerable.Range(0, 16).Select(i => new KeyValuePair<string, string>($"Key{i}", $"Value {i} ✓")).ToArray();
        const string url = "https://example.com/webhooks/twilio/inbound?It's=1";
        var wrong = ReferenceSignature(Token, url.Replace("'", "%27", StringComparison.Ordinal) + "x", parameters);
        var signature = ReferenceSignature(Token, "https://example.com:443/webhooks/twilio/inbound?It%27s=1", parameters);

        var results = Enumerable.Range(0, 2000).AsParallel().Select(i => i % 2 == 0
            ? TwilioSignature.IsValid(Token, url, parameters, signature)
            : !TwilioSignature.IsValid(Token, url, parameters, wrong)).ToList();

        Assert.That(results, Is.All.True);
    }

    private static TestCaseData Case(string name, string url, (string? Key, string? Value)[]? pairs, bool countable = true)
    {
        var list = pairs?.Select(p => new KeyValuePair<string, string>(p.Key!, p.Value!)).ToList();
        IEnumerable<KeyValuePair<string, string>>? parameters = list is null ? null : countable ? list : Lazily(list);
        return new TestCaseData(url, parameters).SetName(name);
    }

    private static IEnumerable<KeyValuePair<string, string>> Lazily(List<KeyValuePair<string, string>> list)
    {
        foreach (var pair in list)
        {
            yield return pair;
        }
    }

    // The definition as it was implemented before the single-sort rewrite.
    private static string ReferenceStringToSign(string url, IEnumerable<KeyValuePair<string, string>>? parameters)
    {
        var builder = new StringBuilder(url);
        if (parameters is not null)
        {
            var sorted = parameters
                .Where(static p => p.Key is not null)
                .Select(static p => (Key: p.Key, Value: p.Value ?? string.Empty))
                .Distinct()
                .OrderBy(static p => p.Key, StringComparer.Ordinal)
                .ThenBy(static p => p.Value, StringComparer.Ordinal);
            foreach (var (k, v) in sorted)
            {
                builder.Append(k).Append(v);
            }
        }

        return builder.ToString();
    }

#pragma warning disable CA5350 // Twilio's signature is HMAC-SHA1 by definition.
    private static string ReferenceSignature(string token, string url, IEnumerable<KeyValuePair<string, string>>? parameters) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(ReferenceStringToSign(url, parameters))));
#pragma warning restore CA5350
}
