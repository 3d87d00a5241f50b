using System.Text;
using Nutritionist.Messaging.Aws.Internal;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>
/// The send path signs with <see cref="SigV4.SignJsonPost"/>, which writes the canonical request into a buffer instead of
/// building strings. It must give exactly what the general signer (checked against the official suite) gives.
/// </summary>
public sealed class SigV4FastPathTests
{
    private const string ContentType = "application/x-amz-json-1.0";

    public static IEnumerable<TestCaseData> Cases()
    {
        var longToken = string.Concat(Enumerable.Repeat("IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ", 40)); // > 1 KB: the pooled buffer
        yield return new TestCaseData("sms-voice.us-east-1.amazonaws.com", "/", null, "{}", "us-east-1", new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)).SetName("Fast path: plain");
        yield return new TestCaseData("sms-voice.eu-west-2.amazonaws.com", "/", "FwoGZXIvYXdzEJr//token+/=", "{\"MessageBody\":\"Your meal plan is ready! 🍎\"}", "eu-west-2", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).SetName("Fast path: session token, emoji body");
        yield return new TestCaseData("127.0.0.1:5123", "/", null, "{\"a\":1}", "us-west-2", new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero)).SetName("Fast path: loopback with a port");
        yield return new TestCaseData("[::1]:8080", "/prefix/path", null, "", "cn-north-1", new DateTimeOffset(2027, 6, 15, 8, 30, 1, TimeSpan.FromHours(2))).SetName("Fast path: IPv6, path, empty body, non-UTC clock");
        yield return new TestCaseData("sms-voice-fips.us-east-1.amazonaws.com", "/", longToken, new string('x', 5000), "us-east-1", new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)).SetName("Fast path: long token and body");
    }

    [TestCaseSource(nameof(Cases))]
    public void Agrees_with_the_general_signer(string host, string path, string? token, string body, string region, DateTimeOffset now)
    {
        var credentials = new AwsCredentialsSnapshot(TestAws.AccessKeyId, TestAws.SecretAccessKey, token);
        var bytes = Encoding.UTF8.GetBytes(body);
        const string target = "PinpointSMSVoiceV2.SendTextMessage";

        var general = SigV4.Sign(
            new SigV4Request
            {
                Method = "POST",
                Path = path,
                Headers = [new("Host", host), new("Content-Type", ContentType), new("X-Amz-Target", target)],
                Body = bytes,
            },
            credentials,
            region,
            "sms-voice",
            now);
        var (amzDate, authorization) = SigV4.SignJsonPost(host, path, ContentType, target, bytes, credentials, region, "sms-voice", now);

        Assert.Multiple(() =>
        {
            Assert.That(amzDate, Is.EqualTo(general.AmzDate));
            Assert.That(authorization, Is.EqualTo(general.Authorization));
        });
    }

    [Test]
    public void A_second_signature_in_the_same_second_differs_only_by_what_changed()
    {
        var credentials = new AwsCredentialsSnapshot(TestAws.AccessKeyId, TestAws.SecretAccessKey, null);
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var first = SigV4.SignJsonPost("h", "/", ContentType, "T.A", "{}"u8, credentials, "us-east-1", "sms-voice", now);
        var again = SigV4.SignJsonPost("h", "/", ContentType, "T.A", "{}"u8, credentials, "us-east-1", "sms-voice", now.AddMilliseconds(500));
        var otherBody = SigV4.SignJsonPost("h", "/", ContentType, "T.A", "{ }"u8, credentials, "us-east-1", "sms-voice", now);
        var nextSecond = SigV4.SignJsonPost("h", "/", ContentType, "T.A", "{}"u8, credentials, "us-east-1", "sms-voice", now.AddSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first), "same second, same request");
            Assert.That(otherBody.Authorization, Is.Not.EqualTo(first.Authorization), "the body is signed");
            Assert.That(nextSecond.AmzDate, Is.EqualTo("20261125T120001Z"));
            Assert.That(nextSecond.Authorization, Is.Not.EqualTo(first.Authorization));
        });
    }
}
