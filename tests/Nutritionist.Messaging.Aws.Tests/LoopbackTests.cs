using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Aws.Internal;
using Nutritionist.Messaging.Aws.Wire;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>Real requests over a socket: the signature is derived again from the raw bytes; transport failures are classified.</summary>
public sealed partial class LoopbackTests
{
    [Test]
    public async Task Server_re_derives_the_signature_from_the_raw_request()
    {
        await using var server = new LoopbackServer(_ => LoopbackServer.Response(200, """{"MessageId":"loop-1"}"""));
        using var services = Services(server.Url, sessionToken: "FwoGZXIvYXdzEXAMPLE");
        var provider = services.GetRequiredService<ISmsProvider>();

        var receipt = await provider.SendAsync(new SmsMessage("+14155552671", "Lunch: quinoa bowl") { ClientReference = "ref-1" });

        Assert.That(receipt.MessageId, Is.EqualTo("loop-1"));
        var request = server.Requests.Single();
        Assert.That(request.RequestLine, Is.EqualTo("POST / HTTP/1.1"));
        Assert.That(request.Header("X-Amz-Target"), Is.EqualTo("PinpointSMSVoiceV2.SendTextMessage"));
        Assert.That(request.Header("X-Amz-Security-Token"), Is.EqualTo("FwoGZXIvYXdzEXAMPLE"));

        // What AWS does: take SignedHeaders from Authorization, rebuild the canonical request from the bytes received, compare.
        var authorization = request.Header("Authorization")!;
        var match = AuthorizationParts().Match(authorization);
        Assert.That(match.Success, Is.True, authorization);
        var signedHeaders = match.Groups["signed"].Value.Split(';');
        Assert.That(signedHeaders, Is.EquivalentTo(new[] { "content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target" }));
        var headers = request.Headers.Where(h => signedHeaders.Contains(h.Name.ToLowerInvariant())).Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
        var target = request.RequestLine.Split(' ')[1];
        var date = DateTimeOffset.ParseExact(request.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var expected = SigV4.Sign(
            new SigV4Request { Method = "POST", Path = target, Headers = headers, Body = request.Body },
            new AwsCredentialsSnapshot(TestAws.AccessKeyId, TestAws.SecretAccessKey, "FwoGZXIvYXdzEXAMPLE"),
            match.Groups["region"].Value,
            match.Groups["service"].Value,
            date);
        Assert.That(match.Groups["region"].Value, Is.EqualTo("eu-west-2"));
        Assert.That(match.Groups["service"].Value, Is.EqualTo("sms-voice"));
        Assert.That(match.Groups["signature"].Value, Is.EqualTo(expected.Signature));
        Assert.That(System.Text.Encoding.UTF8.GetString(request.Body), Is.EqualTo("""{"DestinationPhoneNumber":"+14155552671","MessageBody":"Lunch: quinoa bowl","MessageType":"TRANSACTIONAL","Context":{"ClientReference":"ref-1"}}"""));
    }

    [Test]
    public void Connection_refused_is_unavailable_and_certainly_not_sent()
    {
        using var services = Services(new Uri($"http://127.0.0.1:{TestAws.FreePort()}"));
        var provider = services.GetRequiredService<ISmsProvider>();

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new SmsMessage("+14155552671", "hi")));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.IsTransient, Is.True);
        Assert.That(e.MayHaveBeenSent, Is.False);
        Assert.That(e.InnerException, Is.InstanceOf<HttpRequestException>());
    }

    [Test]
    public async Task Connection_closed_after_the_request_arrived_may_have_been_sent()
    {
        await using var server = new LoopbackServer(_ => null); // reads the request, then hangs up without an answer
        using var services = Services(server.Url);
        var provider = services.GetRequiredService<ISmsProvider>();

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new SmsMessage("+14155552671", "hi")));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.MayHaveBeenSent, Is.True);
        Assert.That(server.Requests, Has.Count.EqualTo(1), "the request reached the server: no retry at HTTP level");
    }

    [Test]
    public async Task Connection_reset_mid_response_may_have_been_sent()
    {
        await using var server = new LoopbackServer(_ => System.Text.Encoding.ASCII.GetBytes(
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"MessageId\":"));
        using var services = Services(server.Url);
        var provider = services.GetRequiredService<ISmsProvider>();

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new SmsMessage("+14155552671", "hi")));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.MayHaveBeenSent, Is.True);
        Assert.That(e.IsTransient, Is.True);
    }

    [Test]
    public async Task Timeout_after_the_request_left_may_have_been_sent()
    {
        using var gate = new ManualResetEventSlim();
        await using var server = new LoopbackServer(_ =>
        {
            gate.Wait(TimeSpan.FromSeconds(5));
            return null;
        });
        using var services = Services(server.Url, timeout: TimeSpan.FromMilliseconds(300));
        var provider = services.GetRequiredService<ISmsProvider>();

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new SmsMessage("+14155552671", "hi")));
        gate.Set();
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.ProviderCode, Is.EqualTo("Timeout"));
        Assert.That(e.MayHaveBeenSent, Is.True);
        Assert.That(e.IsTransient, Is.True);
    }

    [Test]
    public async Task Caller_cancellation_is_not_rewrapped()
    {
        using var gate = new ManualResetEventSlim();
        await using var server = new LoopbackServer(_ =>
        {
            gate.Wait(TimeSpan.FromSeconds(5));
            return null;
        });
        using var services = Services(server.Url);
        var provider = services.GetRequiredService<ISmsProvider>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await provider.SendAsync(new SmsMessage("+14155552671", "hi"), cts.Token), Throws.InstanceOf<OperationCanceledException>());
        gate.Set();
    }

    [Test]
    public async Task Http_500_internal_server_error_is_ambiguous()
    {
        await using var server = new LoopbackServer(_ => LoopbackServer.Response(500,
            """{"__type":"com.amazonaws.pinpointsmsvoicev2#InternalServerException","Message":"Internal failure","RequestId":"r-1"}""",
            ("x-amzn-RequestId", "r-1")));
        using var services = Services(server.Url);
        var provider = services.GetRequiredService<ISmsProvider>();

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new SmsMessage("+14155552671", "hi")));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.MayHaveBeenSent, Is.True);
        Assert.That(e.StatusCode, Is.EqualTo(500));
        Assert.That(e.Message, Does.Contain("Internal failure"));
        Assert.That(((AwsApiException)e.InnerException!).RequestId, Is.EqualTo("r-1"));
        Assert.That(server.Requests, Has.Count.EqualTo(1), "no retry at HTTP level");
    }

    private static ServiceProvider Services(Uri serviceUrl, string? sessionToken = null, TimeSpan? timeout = null)
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging().AddAwsSms(o =>
        {
            o.Region = "eu-west-2";
            o.ServiceUrl = serviceUrl;
            o.AccessKeyId = TestAws.AccessKeyId;
            o.SecretAccessKey = TestAws.SecretAccessKey;
            o.SessionToken = sessionToken;
        });
        if (timeout is { } t)
        {
            services.AddHttpClient(SmsVoiceClient.HttpClientName).ConfigureHttpClient(c => c.Timeout = t);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z-]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationParts();
}
