using System.Text;
using Nutritionist.Messaging.Aws.Internal;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>Every case of the AWS SigV4 test suite (botocore's copy in ../shared/reference/sigv4/classic).</summary>
public sealed class SigV4SuiteTests
{
    private const string Suite = "sigv4/classic";
    private const string Region = "us-east-1";
    private const string Service = "service";
    private const string SessionTokenOfVanillaCase = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static IEnumerable<TestCaseData> Cases()
    {
        var root = ReferenceData.RootOrNull;
        if (root is null)
        {
            // Keeps the test visible; ReferenceData.PathOf inside the test skips (or fails under CI).
            yield return new TestCaseData("get-vanilla").SetName("SigV4 get-vanilla (reference data absent)");
            yield break;
        }

        var suite = Path.Combine(root, Suite);
        foreach (var req in Directory.EnumerateFiles(suite, "*.req", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(suite, Path.GetDirectoryName(req)!).Replace('\\', '/');
            yield return new TestCaseData(relative).SetName($"SigV4 {relative}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Reproduces_the_canonical_request_string_to_sign_and_authorization(string relativeDir)
    {
        var dir = ReferenceData.PathOf($"{Suite}/{relativeDir}");
        var name = Path.GetFileName(dir);
        var request = ParseRequest(File.ReadAllBytes(Path.Combine(dir, name + ".req")));
        var token = name == "get-vanilla-with-session-token" ? SessionTokenOfVanillaCase
            : name.StartsWith("post-sts-header", StringComparison.Ordinal) ? PostStsToken()
            : null;
        var signTokenBefore = name != "post-sts-header-after";

        var signature = SigV4.Sign(request, new AwsCredentialsSnapshot(TestAws.AccessKeyId, TestAws.SecretAccessKey, token), Region, Service, SuiteTime, signTokenBefore, withIntermediates: true);

        Assert.Multiple(() =>
        {
            Assert.That(signature.CanonicalRequest, Is.EqualTo(File.ReadAllText(Path.Combine(dir, name + ".creq"))), "canonical request");
            Assert.That(signature.StringToSign, Is.EqualTo(File.ReadAllText(Path.Combine(dir, name + ".sts"))), "string to sign");
            Assert.That(signature.Authorization, Is.EqualTo(File.ReadAllText(Path.Combine(dir, name + ".authz")).Trim()), "Authorization");
            Assert.That(signature.AmzDate, Is.EqualTo("20150830T123600Z"));
        });

        if (name == "get-vanilla-with-session-token" || name == "post-sts-header-after")
        {
            // The token is a header the caller adds; the signed request (.sreq) carries it.
            Assert.That(signature.SecurityToken, Is.EqualTo(token));
            Assert.That(File.ReadAllText(Path.Combine(dir, name + ".sreq")), Does.Contain("X-Amz-Security-Token:" + token));
        }
    }

    [Test]
    public void Canonical_path_normalises_dot_segments_and_slashes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SigV4.CanonicalPath("/"), Is.EqualTo("/"));
            Assert.That(SigV4.CanonicalPath(""), Is.EqualTo("/"));
            Assert.That(SigV4.CanonicalPath("//example//"), Is.EqualTo("/example/"));
            Assert.That(SigV4.CanonicalPath("/a/b/../c/."), Is.EqualTo("/a/c/"));
            Assert.That(SigV4.CanonicalPath("/example space/"), Is.EqualTo("/example%20space/"));
            Assert.That(SigV4.CanonicalPath("/%E1%88%B4"), Is.EqualTo("/%25E1%2588%25B4"), "non-S3 services encode an encoded path again");
        });
    }

    [Test]
    public void Credentials_never_print_the_secret()
    {
        var credentials = TestAws.Credentials("token-value");
        Assert.That(credentials.ToString(), Does.Not.Contain(TestAws.SecretAccessKey).And.Not.Contain("token-value"));
    }

    private static string PostStsToken()
    {
        var readme = ReferenceData.ReadText($"{Suite}/post-sts-token/readme.txt");
        return readme.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith("AQoD", StringComparison.Ordinal));
    }

    /// <summary>Parses a suite .req file: request line (the target may contain spaces), headers with continuation lines, body.</summary>
    internal static SigV4Request ParseRequest(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw).Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = text.Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(' ')];
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? target : target[..queryStart];
        var query = queryStart < 0 ? string.Empty : target[(queryStart + 1)..];

        var headers = new List<KeyValuePair<string, string>>();
        var i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            var line = lines[i];
            if (char.IsWhiteSpace(line[0]) && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        var body = i < lines.Length ? string.Join('\n', lines.Skip(i + 1)) : string.Empty;
        return new SigV4Request { Method = method, Path = path, Query = query, Headers = headers, Body = Encoding.UTF8.GetBytes(body) };
    }
}
