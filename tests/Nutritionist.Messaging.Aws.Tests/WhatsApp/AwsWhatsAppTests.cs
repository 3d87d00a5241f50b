using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Aws.Internal;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.CloudApi;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests.WhatsApp;

/// <summary>
/// WhatsApp through AWS End User Messaging Social: the exact signed <c>SendWhatsAppMessage</c> request, checked against the
/// socialmessaging model and re-signed; the <c>message</c> blob is the shared Cloud API writer's output; errors per shape.
/// </summary>
public sealed partial class AwsWhatsAppTests
{
    private const string PhoneNumberId = "phone-number-id-0123456789abcdef0123456789abcdef";
    private const string Recipient = "+14155552671";
    private static readonly Uri Endpoint = new("https://social-messaging.us-east-1.amazonaws.com");

    public static IEnumerable<TestCaseData> Messages()
    {
        yield return new TestCaseData(new WhatsAppMessage(Recipient, "Your meal plan is ready! Bon appétit")).SetName("Text");
        yield return new TestCaseData(new WhatsAppMessage(Recipient, "Today's plate") { MediaUrls = [new Uri("https://cdn.example.com/plates/2026-11-25.jpg")] }).SetName("Image by link");
        yield return new TestCaseData(new WhatsAppMessage(Recipient, null) { Template = new WhatsAppTemplate("meal_plan_ready:en_US", new Dictionary<string, string> { ["1"] = "Ana" }) }).SetName("Template");
        yield return new TestCaseData(new WhatsAppMessage(Recipient, "See https://example.com") { ReplyToMessageId = "wamid.HBgLMTQxNTU1NTI2NzE=", PreviewUrl = true }).SetName("Reply with preview");
    }

    [TestCaseSource(nameof(Messages))]
    public async Task Sends_the_exact_signed_request_with_the_writers_message(WhatsAppMessage message)
    {
        var (provider, handler) = Provider(_ => Json("""{"messageId":"3fa2b2d8-0a4e-4f71-9b0e-6f0f5c1e2a11"}"""));

        var receipt = await provider.SendAsync(message);

        var request = handler.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(provider.Name, Is.EqualTo("aws-whatsapp"));
            Assert.That(receipt.MessageId, Is.EqualTo("3fa2b2d8-0a4e-4f71-9b0e-6f0f5c1e2a11"));
            Assert.That(receipt.OriginationIdentity, Is.EqualTo(PhoneNumberId));
            Assert.That(request.Message.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.Message.RequestUri, Is.EqualTo(new Uri("https://social-messaging.us-east-1.amazonaws.com/v1/whatsapp/send")));
            Assert.That(request.Header("Content-Type"), Is.EqualTo("application/json"));
            Assert.That(request.Header("X-Amz-Target"), Is.Null, "restJson1 routes by path, not by target header");
            Assert.That(request.Header("X-Amz-Date"), Is.EqualTo("20261125T123600Z"));
            Assert.That(request.Header("Authorization"), Does.Match(AuthorizationShape()));
            Assert.That(Resigned(request), Is.EqualTo(request.Header("Authorization")));
        });

        // The body conforms to the model's input shape (required members, blob as base64, the phone number id pattern)…
        var inputShape = ServiceModel.InputShape("SendWhatsAppMessage", ServiceModel.Social);
        using var body = JsonDocument.Parse(request.Body!);
        Assert.That(body.RootElement.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "originationPhoneNumberId", "metaApiVersion", "message" }));
        Assert.That(ServiceModel.Validate(body.RootElement, inputShape, ServiceModel.Social), Is.Empty);
        Assert.That(body.RootElement.GetProperty("metaApiVersion").GetString(), Is.EqualTo("v23.0"));

        // …and its message is, byte for byte, what the one Cloud API writer writes.
        var decoded = body.RootElement.GetProperty("message").GetBytesFromBase64();
        Assert.That(Encoding.UTF8.GetString(decoded), Is.EqualTo(Encoding.UTF8.GetString(CloudApiMessageWriter.Write(message))));
    }

    [Test]
    public async Task Temporary_credentials_sign_the_security_token_and_a_custom_endpoint_keeps_its_path()
    {
        var (provider, handler) = Provider(_ => Json("""{"messageId":"m-1"}"""), token: "session-token", endpoint: new Uri("http://127.0.0.1:4566/social/"));

        await provider.SendAsync(new WhatsAppMessage(Recipient, "hi"));

        var request = handler.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Message.RequestUri, Is.EqualTo(new Uri("http://127.0.0.1:4566/social/v1/whatsapp/send")));
            Assert.That(request.Header("X-Amz-Security-Token"), Is.EqualTo("session-token"));
            Assert.That(Resigned(request, "127.0.0.1:4566", "/social/v1/whatsapp/send", "session-token"), Is.EqualTo(request.Header("Authorization")));
        });
    }

    [Test]
    public void A_message_the_writer_refuses_never_leaves()
    {
        var (provider, handler) = Provider(_ => Json("""{"messageId":"m-1"}"""));

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new WhatsAppMessage(Recipient, "x") { MediaUrls = [new Uri("http://insecure.example.com/a.jpg")] }));

        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
        Assert.That(handler.Requests, Is.Empty);
    }

    // Every error shape of SendWhatsAppMessage in the model, at its modelled status.
    [TestCase("ThrottledRequestException", 429, MessagingErrorCode.Throttled, true, false)]
    [TestCase("ValidationException", 400, MessagingErrorCode.InvalidMessage, false, false)]
    [TestCase("InvalidParametersException", 400, MessagingErrorCode.InvalidMessage, false, false)]
    [TestCase("AccessDeniedException", 403, MessagingErrorCode.AccessDenied, false, false)]
    [TestCase("ResourceNotFoundException", 404, MessagingErrorCode.NotConfigured, false, false)]
    [TestCase("InternalServiceException", 500, MessagingErrorCode.ProviderUnavailable, true, true)]
    [TestCase("DependencyException", 502, MessagingErrorCode.ProviderUnavailable, true, true)]
    public void Classifies_each_modelled_error(string type, int status, MessagingErrorCode code, bool transient, bool maySent)
    {
        // The model's error shapes: status from "error.httpStatusCode", one "message" member.
        var shape = ServiceModel.Shape(type, ServiceModel.Social);
        Assert.That(shape.GetProperty("error").GetProperty("httpStatusCode").GetInt32(), Is.EqualTo(status));
        Assert.That(ServiceModel.Operation("SendWhatsAppMessage", ServiceModel.Social).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("shape").GetString()), Has.Member(type));

        foreach (var inHeader in new[] { true, false })
        {
            var (provider, _) = Provider(_ => RestJsonError((HttpStatusCode)status, type, "nope", inHeader));
            var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new WhatsAppMessage(Recipient, "hi")));
            Assert.Multiple(() =>
            {
                Assert.That(e!.Code, Is.EqualTo(code), $"type in {(inHeader ? "X-Amzn-ErrorType" : "__type")}");
                Assert.That(e.ProviderCode, Is.EqualTo(type));
                Assert.That(e.IsTransient, Is.EqualTo(transient));
                Assert.That(e.MayHaveBeenSent, Is.EqualTo(maySent));
                Assert.That(e.Message, Does.Contain("nope"));
            });
        }
    }

    [Test]
    public void Transport_failures_say_whether_the_message_may_have_been_sent()
    {
        var (refused, _) = Provider(_ => throw new HttpRequestException("refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));
        var notSent = Assert.ThrowsAsync<MessagingException>(() => refused.SendAsync(new WhatsAppMessage(Recipient, "hi")));

        var (timedOut, _) = Provider(_ => throw new TaskCanceledException("timeout"));
        var maybeSent = Assert.ThrowsAsync<MessagingException>(() => timedOut.SendAsync(new WhatsAppMessage(Recipient, "hi")));

        Assert.Multiple(() =>
        {
            Assert.That(notSent!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(notSent.MayHaveBeenSent, Is.False);
            Assert.That(maybeSent!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(maybeSent.MayHaveBeenSent, Is.True);
            Assert.That(maybeSent.ProviderCode, Is.EqualTo("Timeout"));
        });
    }

    [Test]
    public void Success_without_a_message_id_may_have_been_sent()
    {
        var (provider, _) = Provider(_ => Json("{}"));
        var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new WhatsAppMessage(Recipient, "hi")));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.MayHaveBeenSent, Is.True);
    }

    public static IEnumerable<TestCaseData> EndpointCases()
    {
        const string TestsFile = "aws/socialmessaging.endpoint-tests-1.json";
        var root = ReferenceData.RootOrNull;
        if (root is null)
        {
            yield return new TestCaseData(-1).SetName("Social endpoint case (reference data absent)");
            yield break;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, TestsFile)));
        var cases = document.RootElement.GetProperty("testCases");
        for (var i = 0; i < cases.GetArrayLength(); i++)
        {
            yield return new TestCaseData(i).SetName($"Social endpoint case {i}: {cases[i].GetProperty("documentation").GetString()}");
        }
    }

    [TestCaseSource(nameof(EndpointCases))]
    public void Resolves_the_endpoint_as_the_socialmessaging_rule_set_does(int index)
    {
        using var document = JsonDocument.Parse(ReferenceData.ReadText("aws/socialmessaging.endpoint-tests-1.json"));
        var testCase = document.RootElement.GetProperty("testCases")[index];
        var parameters = testCase.TryGetProperty("params", out var p) ? p : default;
        string? Str(string name) => parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var v) ? v.GetString() : null;
        bool Flag(string name) => parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var v) && v.GetBoolean();
        Uri Resolve() => AwsEndpointResolver.Resolve(Str("Region"), Flag("UseFIPS"), Flag("UseDualStack"), Str("Endpoint"), AwsEndpointResolver.SocialMessagingHostPrefix);

        var expect = testCase.GetProperty("expect");
        if (expect.TryGetProperty("endpoint", out var endpoint))
        {
            Assert.That(Resolve().ToString().TrimEnd('/'), Is.EqualTo(endpoint.GetProperty("url").GetString()));
        }
        else
        {
            Assert.That(Resolve, Throws.InvalidOperationException.With.Message.EqualTo(expect.GetProperty("error").GetString()));
        }
    }

    [Test]
    [NonParallelizable]
    public async Task The_connection_resolves_the_social_endpoint_and_honours_its_own_variable()
    {
        using var env = new EnvironmentScope().ClearAws();
        var credentials = new BasicAWSCredentials(TestAws.AccessKeyId, TestAws.SecretAccessKey);
        AwsConnection Connection() => new(AwsConnectionSettings.Of(new AwsWhatsAppOptions { Region = "eu-west-2" }), NullLogger<AwsConnection>.Instance, credentials);

        using (var plain = Connection())
        {
            Assert.That((await plain.GetAsync(CancellationToken.None)).Endpoint, Is.EqualTo(new Uri("https://social-messaging.eu-west-2.amazonaws.com")));
        }

        env.Set("AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", "http://127.0.0.1:1111");
        env.Set("AWS_ENDPOINT_URL", "http://127.0.0.1:2222");
        using (var global = Connection())
        {
            Assert.That((await global.GetAsync(CancellationToken.None)).Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:2222")), "the SMS variable is not the social one");
        }

        env.Set("AWS_ENDPOINT_URL_SOCIALMESSAGING", "http://127.0.0.1:3333");
        using var specific = Connection();
        var context = await specific.GetAsync(CancellationToken.None);
        Assert.That(context.Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:3333")));
        Assert.That(context.Region, Is.EqualTo("eu-west-2"));
    }

    [TestCase(null, "v23.0", "OriginationPhoneNumberId is required")]
    [TestCase("+14155550100", "v23.0", "OriginationPhoneNumberId must be phone-number-id-")]
    [TestCase(PhoneNumberId, "23", "MetaApiVersion must look like \"v23.0\"")]
    public void Options_are_validated_at_start(string? phoneNumberId, string version, string expected)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging().AddAwsWhatsApp(o =>
        {
            o.Region = "us-east-1";
            o.OriginationPhoneNumberId = phoneNumberId;
            o.MetaApiVersion = version;
        });
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<AwsWhatsAppOptions>>().Value);
        Assert.That(e!.Message, Does.Contain("NutritionistMessaging:AwsWhatsApp:" + expected.Split(' ')[0]).And.Contain(expected));
    }

    [Test]
    public void Shared_connection_checks_name_the_whatsapp_keys()
    {
        var result = new AwsWhatsAppOptionsValidator().Validate(null, new AwsWhatsAppOptions { OriginationPhoneNumberId = PhoneNumberId, Region = "nowhere", AccessKeyId = "AKID" });
        Assert.That(result.Failures, Has.Some.Contains("NutritionistMessaging:AwsWhatsApp:Region must be an AWS region name"));
        Assert.That(result.Failures, Has.Some.Contains("NutritionistMessaging:AwsWhatsApp:SecretAccessKey is required"));
        Assert.That(new AwsWhatsAppOptionsValidator().Validate(null, new AwsWhatsAppOptions { OriginationPhoneNumberId = "arn:aws:social-messaging:us-east-1:111122223333:phone-number-id/0123456789abcdef" }).Succeeded, Is.True);
    }

    [Test]
    public async Task Registered_it_replaces_the_whatsapp_provider_and_sends_through_the_named_client()
    {
        using var env = new EnvironmentScope().ClearAws();
        var handler = new StubHttpHandler(_ => Json("""{"messageId":"m-di"}"""));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddWhatsAppProvider(_ => new NullWhatsApp())
            .AddAwsWhatsApp(o =>
            {
                o.Region = "us-east-1";
                o.OriginationPhoneNumberId = PhoneNumberId;
                o.AccessKeyId = TestAws.AccessKeyId;
                o.SecretAccessKey = TestAws.SecretAccessKey;
            });
        services.AddHttpClient(SocialMessagingClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var result = await provider.GetRequiredService<IMessagingClient>().SendAsync(new OutboundMessage(Recipient)
        {
            Platform = MessagingPlatform.WhatsApp,
            Template = new WhatsAppTemplate("meal_plan_ready:en_US", new Dictionary<string, string> { ["1"] = "Ana" }), // outside the 24-hour window
        });

        Assert.That(provider.GetServices<IWhatsAppProvider>().Single().Name, Is.EqualTo("aws-whatsapp"));
        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted), result.Error?.Message);
        Assert.That(result.MessageId, Is.EqualTo("m-di"));
        Assert.That(result.ProviderName, Is.EqualTo("aws-whatsapp"));
        Assert.That(handler.Requests.Single().Message.RequestUri!.AbsolutePath, Is.EqualTo("/v1/whatsapp/send"));
    }

    [Test]
    [NonParallelizable]
    public void A_host_wide_resilience_handler_does_not_resend([Values] bool defaultsFirst)
    {
        using var env = new EnvironmentScope().ClearAws();
        var handler = new StubHttpHandler(_ => RestJsonError(HttpStatusCode.InternalServerError, "InternalServiceException", "Internal failure", inHeader: true));
        var services = new ServiceCollection();
        services.AddLogging();
        if (defaultsFirst)
        {
            services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler());
        }

        services.AddNutritionistMessaging().AddAwsWhatsApp(o =>
        {
            o.Region = "us-east-1";
            o.OriginationPhoneNumberId = PhoneNumberId;
            o.AccessKeyId = TestAws.AccessKeyId;
            o.SecretAccessKey = TestAws.SecretAccessKey;
        });
        if (!defaultsFirst)
        {
            services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler());
        }

        services.AddHttpClient(SocialMessagingClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.GetRequiredService<IWhatsAppProvider>().SendAsync(new WhatsAppMessage(Recipient, "hi")));
        Assert.That(e!.MayHaveBeenSent, Is.True);
        Assert.That(handler.Requests, Has.Count.EqualTo(1), "the POST went out once");
    }

    private static (AwsWhatsAppProvider Provider, StubHttpHandler Handler) Provider(Func<RecordedRequest, HttpResponseMessage> respond, string? token = null, Uri? endpoint = null)
    {
        var handler = new StubHttpHandler(respond);
        var client = new SocialMessagingClient(
            new StubHttpClientFactory(handler),
            new FixedConnection(endpoint ?? Endpoint, "us-east-1", TestAws.Credentials(token)),
            new FakeTimeProvider(TestAws.Now),
            NullLogger<SocialMessagingClient>.Instance);
        var provider = new AwsWhatsAppProvider(client, Options.Create(new AwsWhatsAppOptions { OriginationPhoneNumberId = PhoneNumberId, Region = "us-east-1" }), NullLogger<AwsWhatsAppProvider>.Instance);
        return (provider, handler);
    }

    private static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    // restJson1 errors: the type in X-Amzn-ErrorType, or in the body's __type; the text in "message".
    private static HttpResponseMessage RestJsonError(HttpStatusCode status, string type, string message, bool inHeader)
    {
        var response = Json(inHeader ? $$"""{"message":"{{message}}"}""" : $$"""{"__type":"com.amazonaws.socialmessaging#{{type}}","message":"{{message}}"}""", status);
        if (inHeader)
        {
            response.Headers.TryAddWithoutValidation("X-Amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazonaws.socialmessaging/");
        }

        return response;
    }

    /// <summary>The request signed again, independently, with the general signer for <c>social-messaging</c>.</summary>
    private static string Resigned(RecordedRequest request, string host = "social-messaging.us-east-1.amazonaws.com", string path = "/v1/whatsapp/send", string? token = null)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", host),
            new("Content-Type", request.Header("Content-Type")!),
        };
        if (token is not null)
        {
            headers.Add(new("X-Amz-Security-Token", token));
        }

        var signature = SigV4.Sign(
            new SigV4Request { Method = "POST", Path = path, Query = string.Empty, Headers = headers, Body = request.Body ?? [] },
            TestAws.Credentials(token),
            "us-east-1",
            "social-messaging",
            DateTimeOffset.ParseExact(request.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal));
        return signature.Authorization;
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/social-messaging/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationShape();

    private sealed class NullWhatsApp : IWhatsAppProvider
    {
        public string Name => "null";

        public Task<ProviderReceipt> SendAsync(WhatsAppMessage message, CancellationToken cancellationToken = default) => Task.FromResult(new ProviderReceipt("x"));
    }
}
