using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Testing.Shared;
using Nutritionist.Messaging.Twilio.Lambda;

namespace Nutritionist.Messaging.Twilio.Tests;

/// <summary>
/// <see cref="TwilioFunctionUrlProcessor"/>: Twilio webhooks arriving as Lambda Function URL / HTTP API (payload 2.0)
/// events, signed the way Twilio signs the public URL.
/// </summary>
public class FunctionUrlTests
{
    private const string FunctionDomain = "abcdefghij1234567890klmnopqrstuv.lambda-url.eu-west-1.on.aws";
    private const string InboundSid = "SM22222222222222222222222222222222";

    private static List<KeyValuePair<string, string>> InboundForm(string body) =>
    [
        new("MessageSid", InboundSid),
        new("AccountSid", TestTwilio.AccountSid),
        new("From", "whatsapp:" + TestTwilio.Recipient),
        new("To", TestTwilio.From),
        new("Body", body),
        new("NumMedia", "0"),
        new("ProfileName", "Ana Souza"),
    ];

    private static List<KeyValuePair<string, string>> StatusForm(string status) =>
    [
        new("MessageSid", TestTwilio.MessageSid),
        new("MessageStatus", status),
        new("AccountSid", TestTwilio.AccountSid),
        new("From", TestTwilio.From),
        new("To", "whatsapp:" + TestTwilio.Recipient),
    ];

    private static string FormBody(IEnumerable<KeyValuePair<string, string>> form) =>
        string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value).Replace("%20", "+", StringComparison.Ordinal)));

    /// <summary>A Function URL event as Lambda writes it (lower-case headers, form posts base64-encoded).</summary>
    private static JsonObject Event(
        string rawPath,
        string rawQueryString,
        string? body,
        string? signature,
        bool base64 = true,
        string domain = FunctionDomain,
        string method = "POST",
        string contentType = "application/x-www-form-urlencoded",
        string? forwardedPort = "443",
        string forwardedProto = "https")
    {
        var headers = new JsonObject
        {
            ["content-type"] = contentType,
            ["host"] = domain,
            ["user-agent"] = "TwilioProxy/1.1",
            ["x-amzn-trace-id"] = "Root=1-6749a3f0-1a2b3c4d5e6f7a8b9c0d1e2f",
            ["x-forwarded-for"] = "3.80.1.1",
            ["x-forwarded-proto"] = forwardedProto,
            ["i-twilio-idempotency-token"] = "b5a9f8a0-1234-4c5d-8e9f-0a1b2c3d4e5f",
        };
        if (forwardedPort is not null)
        {
            headers["x-forwarded-port"] = forwardedPort;
        }

        if (signature is not null)
        {
            headers["x-twilio-signature"] = signature;
        }

        return new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = rawPath,
            ["rawQueryString"] = rawQueryString,
            ["headers"] = headers,
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "anonymous",
                ["apiId"] = "abcdefghij1234567890klmnopqrstuv",
                ["domainName"] = domain,
                ["domainPrefix"] = "abcdefghij1234567890klmnopqrstuv",
                ["http"] = new JsonObject { ["method"] = method, ["path"] = rawPath, ["protocol"] = "HTTP/1.1", ["sourceIp"] = "3.80.1.1", ["userAgent"] = "TwilioProxy/1.1" },
                ["requestId"] = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                ["routeKey"] = "$default",
                ["stage"] = "$default",
                ["time"] = "25/Nov/2026:12:00:00 +0000",
                ["timeEpoch"] = 1795987800000,
            },
            ["body"] = body is null ? null : base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(body)) : body,
            ["isBase64Encoded"] = base64 && body is not null,
        };
    }

    private static JsonObject SignedInbound(string rawPath, string rawQueryString, List<KeyValuePair<string, string>> form, bool base64 = true, string? signedUrl = null, string token = TestTwilio.AuthToken)
    {
        signedUrl ??= "https://" + FunctionDomain + rawPath + (rawQueryString.Length > 0 ? "?" + rawQueryString : "");
        return Event(rawPath, rawQueryString, FormBody(form), TwilioSignature.Compute(token, signedUrl, form), base64);
    }

    private static async Task<(LambdaHttpResponse Response, JsonNode Json)> Run(ServiceProvider services, JsonObject lambdaEvent)
    {
        var processor = services.GetRequiredService<TwilioFunctionUrlProcessor>();
        var response = await processor.ProcessAsync(Encoding.UTF8.GetBytes(lambdaEvent.ToJsonString()));
        await using var stream = await processor.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(lambdaEvent.ToJsonString())));
        return (response, JsonNode.Parse(stream)!);
    }

    [Test]
    public async Task A_signed_base64_form_with_an_encoded_query_string_is_accepted_with_TwiML()
    {
        var inbound = new RecordingHandler();
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()), more: s => s.AddSingleton<IInboundMessageHandler>(inbound));

        // The query keeps its encoding verbatim: %20, %2F, %27, '+' and an encoded UTF-8 character are all signed as sent.
        var (response, json) = await Run(services, SignedInbound("/twilio/inbound", "tenant=caf%C3%A9%20one&next=%2Fhome&q=a+b&quote=it%27s", InboundForm("Swap lunch? ½ portion & more")));

        Assert.That(response.StatusCode, Is.EqualTo(200), response.Body);
        Assert.That(response.WebhookResult!.Outcome, Is.EqualTo(TwilioWebhookOutcome.InboundMessage));
        Assert.That(json["statusCode"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That(json["headers"]!["content-type"]!.GetValue<string>(), Is.EqualTo("text/xml"));
        Assert.That(json["isBase64Encoded"]!.GetValue<bool>(), Is.False);
        Assert.That(json["body"]!.GetValue<string>(), Is.EqualTo("""<?xml version="1.0" encoding="UTF-8"?><Response></Response>"""));
        Assert.That(inbound.Received.Select(m => (m.Body, m.From, m.Platform)).Distinct(), Is.EqualTo(new[] { ("Swap lunch? ½ portion & more", TestTwilio.Recipient, MessagingPlatform.WhatsApp) }));
    }

    [Test]
    public async Task A_plain_body_status_callback_through_an_HTTP_API_stage_is_accepted()
    {
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()));
        const string Domain = "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com";
        var form = StatusForm("delivered");
        var signature = TwilioSignature.Compute(TestTwilio.AuthToken, "https://" + Domain + "/prod/twilio/status", form);

        var (response, _) = await Run(services, Event("/prod/twilio/status", "", FormBody(form), signature, base64: false, domain: Domain));

        Assert.That(response.StatusCode, Is.EqualTo(200), response.Body);
        Assert.That(response.WebhookResult!.Outcome, Is.EqualTo(TwilioWebhookOutcome.StatusCallback));
    }

    [Test]
    public async Task Behind_a_custom_domain_the_public_base_URL_is_what_is_checked()
    {
        const string Public = "https://hooks.example.com/nutrition/twilio/inbound?src=wa";
        var form = InboundForm("hello");
        var signed = Event("/twilio/inbound", "src=wa", FormBody(form), TwilioSignature.Compute(TestTwilio.AuthToken, Public, form));
        await using var withBase = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()), o =>
        {
            TestTwilio.Valid(o);
            o.WebhookPublicBaseUrl = new Uri("https://hooks.example.com/nutrition/");
        });
        await using var without = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()));

        Assert.That((await Run(withBase, signed)).Response.StatusCode, Is.EqualTo(200));
        Assert.That((await Run(without, signed)).Response.StatusCode, Is.EqualTo(403), "the Function URL's own domain is not the one Twilio signed");
    }

    [Test]
    public async Task A_non_default_forwarded_port_is_part_of_the_signed_URL()
    {
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()));
        var form = InboundForm("port");
        var signature = TwilioSignature.Compute(TestTwilio.AuthToken, "https://" + FunctionDomain + ":8443/in", form);

        var (response, _) = await Run(services, Event("/in", "", FormBody(form), signature, forwardedPort: "8443"));

        Assert.That(response.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Forged_and_unsigned_requests_are_refused_with_403_and_never_reach_the_pipeline()
    {
        var inbound = new RecordingHandler();
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()), more: s => s.AddSingleton<IInboundMessageHandler>(inbound));
        var form = InboundForm("STOP");
        var tampered = SignedInbound("/in", "", form);
        tampered["body"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(FormBody(InboundForm("START"))));

        var forged = await Run(services, SignedInbound("/in", "", form, token: TestTwilio.OtherAuthToken));
        var unsigned = await Run(services, Event("/in", "", FormBody(form), signature: null));
        var changed = await Run(services, tampered);
        var otherPath = await Run(services, SignedInbound("/in", "", form, signedUrl: "https://" + FunctionDomain + "/other"));

        Assert.That(new[] { forged, unsigned, changed, otherPath }.Select(r => r.Response.StatusCode), Is.All.EqualTo(403));
        Assert.That(forged.Response.WebhookResult!.Outcome, Is.EqualTo(TwilioWebhookOutcome.InvalidSignature));
        Assert.That(unsigned.Response.WebhookResult!.Outcome, Is.EqualTo(TwilioWebhookOutcome.MissingSignature));
        Assert.That(forged.Json["body"]!.GetValue<string>(), Is.Empty);
        Assert.That(inbound.Received, Is.Empty);
    }

    [Test]
    public async Task A_signed_request_that_is_neither_kind_is_refused_with_400_and_the_reason()
    {
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()));
        List<KeyValuePair<string, string>> form = [new("AccountSid", TestTwilio.AccountSid), new("Body", "no sid")];

        var (response, json) = await Run(services, SignedInbound("/in", "", form));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(json["headers"]!["content-type"]!.GetValue<string>(), Does.StartWith("text/plain"));
        Assert.That(json["body"]!.GetValue<string>(), Does.Contain("neither an inbound message"));
    }

    [TestCase("not base64 at all!", true, "not valid base64")]
    [TestCase("//79", true, "not valid base64 UTF-8")]
    public async Task An_unreadable_body_is_refused_with_400(string rawBody, bool base64, string reason)
    {
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()));
        var lambdaEvent = Event("/in", "", "x", "sig");
        lambdaEvent["body"] = rawBody;
        lambdaEvent["isBase64Encoded"] = base64;

        var (response, _) = await Run(services, lambdaEvent);

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Body, Does.Contain(reason));
    }

    [TestCase("not json", "not JSON")]
    [TestCase("""{"version":"1.0","path":"/in","httpMethod":"POST","body":""}""", "payload format 2.0")]
    [TestCase("""{"version":"2.0","rawPath":"/in"}""", "payload format 2.0")]
    [TestCase("""{"version":"2.0","rawPath":"/in","requestContext":{"http":{"method":"POST"}}}""", "no host")]
    public async Task An_event_that_is_not_payload_2_0_is_refused_with_400(string json, string reason)
    {
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()));

        var response = await services.GetRequiredService<TwilioFunctionUrlProcessor>().ProcessAsync(Encoding.UTF8.GetBytes(json));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Body, Does.Contain(reason));
    }

    [Test]
    public async Task Header_names_are_matched_ignoring_case()
    {
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()));
        var lambdaEvent = SignedInbound("/in", "", InboundForm("case"));
        var headers = lambdaEvent["headers"]!.AsObject();
        headers["X-Twilio-Signature"] = headers["x-twilio-signature"]!.GetValue<string>();
        headers.Remove("x-twilio-signature");
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";

        var (response, _) = await Run(services, lambdaEvent);

        Assert.That(response.StatusCode, Is.EqualTo(200), response.Body);
    }

    [Test]
    public async Task Other_methods_get_405()
    {
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()));

        var (response, json) = await Run(services, Event("/in", "", null, null, method: "GET"));

        Assert.That(response.StatusCode, Is.EqualTo(405));
        Assert.That(json["headers"]!["allow"]!.GetValue<string>(), Is.EqualTo("POST"));
    }

    [Test]
    public async Task A_handler_failure_answers_500_so_that_Twilio_retries()
    {
        var inbound = new RecordingHandler { Throw = true };
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()), more: s => s.AddSingleton<IInboundMessageHandler>(inbound));

        var (response, json) = await Run(services, SignedInbound("/in", "", InboundForm("hello")));

        Assert.That(response.StatusCode, Is.EqualTo(500));
        Assert.That(json["statusCode"]!.GetValue<int>(), Is.EqualTo(500));
    }

    [Test]
    public async Task The_official_signature_vectors_verify_when_delivered_as_Function_URL_events()
    {
        using var vectors = JsonDocument.Parse(ReferenceData.ReadText("twilio/signature-vectors.json"));
        var count = 0;
        foreach (var vector in vectors.RootElement.GetProperty("vectors").EnumerateArray())
        {
            var url = new Uri(vector.GetProperty("url").GetString()!);
            if (url.UserInfo.Length > 0)
            {
                continue; // a Function URL request carries no user info
            }

            var name = vector.GetProperty("name").GetString();
            await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()), o =>
            {
                TestTwilio.Valid(o);
                o.AuthToken = vector.GetProperty("authToken").GetString();
            });
            var raw = vector.GetProperty("url").GetString()!;
            var hostStart = raw.IndexOf("://", StringComparison.Ordinal) + 3;
            var pathStart = raw.IndexOf('/', hostStart);
            var hostPort = raw[hostStart..pathStart];
            var host = hostPort.Split(':')[0];
            var q = raw.IndexOf('?', StringComparison.Ordinal);
            var query = q >= 0 ? raw[(q + 1)..] : "";
            var path = q >= 0 ? raw[pathStart..q] : raw[pathStart..];
            var form = vector.GetProperty("params").EnumerateArray().Select(p => new KeyValuePair<string, string>(p[0].GetString()!, p[1].GetString()!)).ToList();
            var json = vector.TryGetProperty("rawBody", out var rawBody) ? rawBody.GetString() : null;
            var lambdaEvent = Event(
                path,
                query,
                json ?? FormBody(form),
                vector.GetProperty("expectedSignature").GetString(),
                base64: json is null,
                domain: host,
                contentType: json is null ? "application/x-www-form-urlencoded" : "application/json",
                forwardedPort: hostPort.Contains(':', StringComparison.Ordinal) ? hostPort.Split(':')[1] : null,
                forwardedProto: url.Scheme);

            var response = await services.GetRequiredService<TwilioFunctionUrlProcessor>().ProcessAsync(Encoding.UTF8.GetBytes(lambdaEvent.ToJsonString()));

            // The vectors are voice and plain parameters, not messages: a genuine signature gets as far as 400 (Unrecognized).
            Assert.That(response.StatusCode, Is.EqualTo(vector.GetProperty("expectValid").GetBoolean() ? 400 : 403), name);
            count++;
        }

        Assert.That(count, Is.GreaterThanOrEqualTo(18));
    }

    [Test]
    public void Form_bodies_decode_plus_percent_and_repeated_keys()
    {
        var pairs = TwilioFunctionUrlProcessor.ParseForm("a=1+2&b=%C3%A9%2B&a=3&flag&=empty&&c=");

        Assert.That(pairs, Is.EqualTo(new KeyValuePair<string, string>[] { new("a", "1 2"), new("b", "é+"), new("a", "3"), new("flag", ""), new("", "empty"), new("c", "") }));
    }

    private sealed class RecordingHandler : IInboundMessageHandler
    {
        public bool Throw { get; init; }

        public ConcurrentQueue<InboundMessage> Received { get; } = new();

        public Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
        {
            Received.Enqueue(message);
            return Throw ? throw new InvalidOperationException("database down") : Task.CompletedTask;
        }
    }
}
