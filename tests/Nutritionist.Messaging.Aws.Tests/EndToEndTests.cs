using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>Through <c>AddNutritionistMessaging().AddAwsSms()</c> and the router, with a stub primary handler on the named client.</summary>
[NonParallelizable]
public sealed class EndToEndTests
{
    private const string Recipient = "+14155552671";
    private const string Pool = "pool-0123456789abcdef0123456789abcdef";

    [Test]
    public async Task Accepted_send_reports_message_id_and_origination_identity()
    {
        using var env = new EnvironmentScope().ClearAws();
        var handler = new StubHttpHandler(_ => TestAws.Json("""{"MessageId":"a1b2c3d4-e5f6-7890-abcd-ef1234567890"}"""));
        using var services = Build(handler, o => o.OriginationIdentities = [Pool]);
        var messaging = services.GetRequiredService<IMessagingClient>();

        var result = await messaging.SendAsync(new OutboundMessage(Recipient, "Your meal plan is ready!") { ClientReference = "plan-2026-11-25" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That(result.MessageId, Is.EqualTo("a1b2c3d4-e5f6-7890-abcd-ef1234567890"));
            Assert.That(result.OriginationIdentity, Is.EqualTo(Pool));
            Assert.That(result.ProviderName, Is.EqualTo("aws-sms"));
            Assert.That(result.ClientReference, Is.EqualTo("plan-2026-11-25"));
        });
        var request = handler.Requests.Single();
        Assert.That(request.Message.RequestUri, Is.EqualTo(new Uri("https://sms-voice.us-east-1.amazonaws.com/")));
        using var body = JsonDocument.Parse(request.BodyText);
        Assert.That(body.RootElement.GetProperty("Context").GetProperty("ClientReference").GetString(), Is.EqualTo("plan-2026-11-25"));
        Assert.That(body.RootElement.GetProperty("DestinationPhoneNumber").GetString(), Is.EqualTo(Recipient));
    }

    [Test]
    public async Task Opted_out_conflict_is_rejected_and_recorded()
    {
        using var env = new EnvironmentScope().ClearAws();
        var handler = new StubHttpHandler(_ => TestAws.Error(HttpStatusCode.BadRequest, "ConflictException",
            "The destination phone number +14155552671 is opted out", "DESTINATION_PHONE_NUMBER_OPTED_OUT", ",\"ResourceType\":\"opted-out-number\",\"ResourceId\":\"+14155552671\""));
        using var services = Build(handler);
        var messaging = services.GetRequiredService<IMessagingClient>();

        var result = await messaging.SendAsync(new OutboundMessage(Recipient, "hello"));

        Assert.That(result.Status, Is.EqualTo(SendStatus.Rejected));
        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(result.Error.ProviderCode, Is.EqualTo("ConflictException/DESTINATION_PHONE_NUMBER_OPTED_OUT"));
        Assert.That(await services.GetRequiredService<IOptOutStore>().IsOptedOutAsync(Recipient, MessagingPlatform.Sms), Is.True, "the router records it");

        // The next send is stopped by the opt-out gate without calling AWS.
        var again = await messaging.SendAsync(new OutboundMessage(Recipient, "hello"));
        Assert.That(again.Status, Is.EqualTo(SendStatus.Rejected));
        Assert.That(handler.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Ambiguous_failure_is_unknown_and_throttling_is_failed()
    {
        using var env = new EnvironmentScope().ClearAws();
        var calls = 0;
        var handler = new StubHttpHandler(_ => Interlocked.Increment(ref calls) == 1
            ? TestAws.Error(HttpStatusCode.InternalServerError, "InternalServerException", "Internal failure")
            : TestAws.Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded"));
        using var services = Build(handler);
        var messaging = services.GetRequiredService<IMessagingClient>();

        var unknown = await messaging.SendAsync(new OutboundMessage(Recipient, "hello"));
        var throttled = await messaging.SendAsync(new OutboundMessage(Recipient, "hello"));

        Assert.That(unknown.Status, Is.EqualTo(SendStatus.Unknown));
        Assert.That(unknown.Attempts, Is.EqualTo(1), "a send that may have gone out is not retried");
        Assert.That(throttled.Status, Is.EqualTo(SendStatus.Failed));
        Assert.That(throttled.Error!.Code, Is.EqualTo(MessagingErrorCode.Throttled));
        Assert.That(throttled.Error.IsTransient, Is.True);
    }

    [Test]
    public async Task Mms_goes_through_SendMediaMessage()
    {
        using var env = new EnvironmentScope().ClearAws();
        var handler = new StubHttpHandler(_ => TestAws.Json("""{"MessageId":"mms-1"}"""));
        using var services = Build(handler, o => o.OriginationIdentities = ["+12065550100"]);
        var provider = services.GetRequiredService<ISmsProvider>();

        var receipt = await provider.SendAsync(new SmsMessage(Recipient, "Today's plate") { MediaUrls = [new Uri("s3://nutrition-media/plates/today.jpg")] });

        Assert.That(receipt.MessageId, Is.EqualTo("mms-1"));
        var request = handler.Requests.Single();
        Assert.That(request.Header("X-Amz-Target"), Is.EqualTo("PinpointSMSVoiceV2.SendMediaMessage"));
        Assert.That(request.BodyText, Is.EqualTo("""{"DestinationPhoneNumber":"+14155552671","OriginationIdentity":"+12065550100","MessageBody":"Today's plate","MediaUrls":["s3://nutrition-media/plates/today.jpg"]}"""));
    }

    [TestCase("https://cdn.example.com/plate.jpg", "only an s3://bucket/key URL")]
    [TestCase("s3://UPPER/plate.jpg", "only an s3://bucket/key URL")]
    [TestCase("s3://bucket-only", "only an s3://bucket/key URL")]
    public void Mms_with_a_non_s3_url_is_an_invalid_message(string url, string expected)
    {
        var (client, handler, time) = TestAws.Client();
        var provider = TestAws.Provider(client, new AwsSmsOptions { OriginationIdentities = ["+12065550100"] }, time);

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new SmsMessage(Recipient, "x") { MediaUrls = [new Uri(url)] }));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
        Assert.That(e.Message, Does.Contain(expected).And.Contain(url.TrimEnd('/')));
        Assert.That(handler.Requests, Is.Empty);
    }

    [Test]
    public void Mms_with_two_files_is_an_invalid_message()
    {
        var (client, handler, time) = TestAws.Client();
        var provider = TestAws.Provider(client, new AwsSmsOptions { OriginationIdentities = ["+12065550100"] }, time);

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new SmsMessage(Recipient, "x")
        {
            MediaUrls = [new Uri("s3://nutrition-media/a.jpg"), new Uri("s3://nutrition-media/b.jpg")],
        }));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
        Assert.That(e.Message, Does.Contain("exactly one media file"));
    }

    [Test]
    public void Mms_without_an_origination_identity_is_not_configured()
    {
        var (client, _, time) = TestAws.Client();
        var provider = TestAws.Provider(client, new AwsSmsOptions(), time);

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new SmsMessage(Recipient, "x") { MediaUrls = [new Uri("s3://nutrition-media/a.jpg")] }));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.NotConfigured));
        Assert.That(e.Message, Does.Contain("NutritionistMessaging:Aws:OriginationIdentities"));
    }

    [Test]
    public async Task Sending_options_travel_in_the_request()
    {
        var (client, handler, time) = TestAws.Client(_ => TestAws.Json("""{"MessageId":"m"}"""));
        var provider = TestAws.Provider(client, new AwsSmsOptions
        {
            OriginationIdentities = [Pool],
            ConfigurationSetName = "nutrition-events",
            MessageType = "PROMOTIONAL",
            MaxPrice = "0.05",
            TimeToLive = TimeSpan.FromMinutes(15),
            DryRun = true,
        }, time);

        await provider.SendAsync(new SmsMessage(Recipient, "Try our new recipes") { ClientReference = "campaign-9" });

        Assert.That(handler.Requests.Single().BodyText, Is.EqualTo(
            """{"DestinationPhoneNumber":"+14155552671","OriginationIdentity":"pool-0123456789abcdef0123456789abcdef","MessageBody":"Try our new recipes","MessageType":"PROMOTIONAL","ConfigurationSetName":"nutrition-events","MaxPrice":"0.05","TimeToLive":900,"Context":{"ClientReference":"campaign-9"},"DryRun":true}"""));
    }

    [Test]
    public void Client_reference_longer_than_a_context_value_is_an_invalid_message()
    {
        var (client, handler, time) = TestAws.Client();
        var provider = TestAws.Provider(client, new AwsSmsOptions(), time);

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new SmsMessage(Recipient, "x") { ClientReference = new string('r', 801) }));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
        Assert.That(e.Message, Does.Contain("801").And.Contain("800"));
        Assert.That(handler.Requests, Is.Empty);
    }

    [Test]
    public async Task Blank_client_reference_sends_no_context()
    {
        var (client, handler, time) = TestAws.Client(_ => TestAws.Json("""{"MessageId":"m"}"""));
        var provider = TestAws.Provider(client, new AwsSmsOptions(), time);

        await provider.SendAsync(new SmsMessage(Recipient, "x") { ClientReference = "   " });

        Assert.That(handler.Requests.Single().BodyText, Does.Not.Contain("Context"));
    }

    [Test]
    public async Task Logs_hold_no_full_number_body_or_secret()
    {
        var collector = new FakeLogCollector();
        var (client, _, time) = TestAws.Client(r => JsonDocument.Parse(r.BodyText).RootElement.GetProperty("OriginationIdentity").GetString() == Pool
            ? TestAws.Error(HttpStatusCode.NotFound, "ResourceNotFoundException", $"Pool {Pool} not found for +14155552671", extra: ",\"ResourceType\":\"pool\"")
            : TestAws.Json("""{"MessageId":"m"}"""), token: "session-token-secret");
        var logger = new FakeLogger<Internal.AwsSmsProvider>(collector);
        var provider = TestAws.Provider(client, new AwsSmsOptions { OriginationIdentities = [Pool, "+12065550100"] }, time, logger);

        await provider.SendAsync(new SmsMessage(Recipient, "secret meal plan body") { RegionCode = "US" });

        var logs = collector.GetSnapshot();
        Assert.That(logs, Is.Not.Empty);
        Assert.That(logs.Any(l => l.Id.Id == 2006), Is.True, "the failover is logged");
        foreach (var record in logs)
        {
            Assert.That(record.Id.Id, Is.InRange(2000, 2099));
            Assert.That(record.Message, Does.Not.Contain(Recipient).And.Not.Contain(TestAws.SecretAccessKey).And.Not.Contain("session-token-secret"));
            if (record.Level > LogLevel.Trace)
            {
                Assert.That(record.Message, Does.Not.Contain("secret meal plan body"));
            }
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_host_wide_resilience_handler_does_not_retry_sends(bool defaultsFirst)
    {
        using var env = new EnvironmentScope().ClearAws();
        var handler = new StubHttpHandler(_ => TestAws.Error(HttpStatusCode.InternalServerError, "InternalServerException", "Internal failure"));
        var services = new ServiceCollection();
        if (defaultsFirst)
        {
            services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler());
        }

        services.AddNutritionistMessaging().AddAwsSms(o =>
        {
            o.Region = "us-east-1";
            o.AccessKeyId = TestAws.AccessKeyId;
            o.SecretAccessKey = TestAws.SecretAccessKey;
        });
        if (!defaultsFirst)
        {
            services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler());
        }

        services.AddHttpClient(SmsVoiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.GetRequiredService<ISmsProvider>().SendAsync(new SmsMessage(Recipient, "hi")));
        Assert.That(e!.MayHaveBeenSent, Is.True);
        Assert.That(handler.Requests, Has.Count.EqualTo(1), "the POST went out once");
        await Task.CompletedTask;
    }

    [Test]
    public void AddAwsSms_replaces_an_earlier_sms_provider()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging().AddSmsProvider(_ => new NullSms()).AddAwsSms(o => o.Region = "us-east-1");
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetServices<ISmsProvider>().Single().Name, Is.EqualTo("aws-sms"));
    }

    private static ServiceProvider Build(StubHttpHandler handler, Action<AwsSmsOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddAwsSms(o =>
        {
            o.Region = "us-east-1";
            o.AccessKeyId = TestAws.AccessKeyId;
            o.SecretAccessKey = TestAws.SecretAccessKey;
            configure?.Invoke(o);
        });
        services.AddHttpClient(SmsVoiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private sealed class NullSms : ISmsProvider
    {
        public string Name => "null";

        public Task<ProviderReceipt> SendAsync(SmsMessage message, CancellationToken cancellationToken = default) => Task.FromResult(new ProviderReceipt("x"));
    }
}
