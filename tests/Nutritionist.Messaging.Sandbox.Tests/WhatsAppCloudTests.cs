using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Meta;
using Nutritionist.Messaging.Sandbox.Internal;
using Nutritionist.Messaging.Twilio;

namespace Nutritionist.Messaging.Sandbox.Tests;

/// <summary>The sandbox as Meta's Cloud API and as AWS End User Messaging Social, in process and on loopback.</summary>
public class WhatsAppCloudTests
{
    private static readonly SandboxProvider[] CloudProviders = [SandboxProvider.Meta, SandboxProvider.AwsWhatsApp];

    [TestCaseSource(nameof(CloudProviders))]
    public async Task With_nothing_configured_a_text_is_accepted_delivered_and_tracked_through_the_pipeline(SandboxProvider provider)
    {
        var clock = Harness.Clock();
        await using var services = Harness.WhatsAppInProcess(provider, clock);
        var state = services.GetRequiredService<SandboxState>();
        var client = services.GetRequiredService<IMessagingClient>();

        // The window is closed until the person writes: the router refuses, as with Twilio.
        var closed = await client.SendAsync(MessagingPlatform.WhatsApp, Harness.Customer, "Hello");
        Assert.That(closed.Error?.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));

        var inbound = await state.InjectInboundAsync(provider, Harness.Customer, "Hi coach");
        Assert.That(inbound, Is.Not.Null);
        Assert.That(state.InboundMessages.Single().Message.ProviderName, Is.EqualTo(provider == SandboxProvider.Meta ? "meta" : "aws-whatsapp"));

        var result = await client.SendAsync(MessagingPlatform.WhatsApp, Harness.Customer, "Your meal plan is ready!");
        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted), result.Error?.Message);
        Assert.That(result.MessageId, Does.StartWith("wamid."));
        var sent = state.FindMessage(result.MessageId!)!;
        Assert.Multiple(() =>
        {
            Assert.That(sent.Provider, Is.EqualTo(provider));
            Assert.That(sent.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
            Assert.That(sent.Recipient, Is.EqualTo(Harness.Customer));
            Assert.That(sent.Body, Is.EqualTo("Your meal plan is ready!"));
            Assert.That(sent.CloudApiMessage, Does.Contain("\"type\":\"text\""));
        });

        clock.Advance(TimeSpan.FromSeconds(2));
        await state.WhenIdleAsync();
        var record = await services.GetRequiredService<IDeliveryTracker>().GetAsync(result.MessageId!);
        Assert.That(record!.Status, Is.EqualTo(DeliveryStatus.Delivered));
        Assert.That(state.DeliveryEvents.Select(e => (e.Provider, e.Update.ProviderStatus)), Is.EqualTo(new[] { (provider, "sent"), (provider, "delivered") }));
    }

    [TestCaseSource(nameof(CloudProviders))]
    public async Task Interactive_buttons_and_lists_are_accepted_and_the_reply_comes_back_in_reply_to_them(SandboxProvider provider)
    {
        var clock = Harness.Clock();
        await using var services = Harness.WhatsAppInProcess(provider, clock);
        var state = services.GetRequiredService<SandboxState>();
        var client = services.GetRequiredService<IMessagingClient>();
        await state.InjectInboundAsync(provider, Harness.Customer, "Hi coach");

        var buttons = await client.SendAsync(new OutboundMessage(Harness.Customer)
        {
            Platform = MessagingPlatform.WhatsApp,
            Interactive = new WhatsAppReplyButtons("Did you follow today's plan?", [new("yes", "Yes"), new("no", "Not today")]) { Footer = "Reply any time" },
        });
        var list = await client.SendAsync(new OutboundMessage(Harness.Customer)
        {
            Platform = MessagingPlatform.WhatsApp,
            Interactive = new WhatsAppList("Swap which meal?", "Choose", [new WhatsAppListSection(null, [new("lunch", "Lunch", "Today")])]),
        });

        Assert.That(new[] { buttons.Status, list.Status }, Is.All.EqualTo(SendStatus.Accepted), buttons.Error?.Message + list.Error?.Message);
        Assert.That(state.FindMessage(buttons.MessageId!)!.MessageType, Is.EqualTo("interactive"));
        Assert.That(state.FindMessage(list.MessageId!)!.CloudApiMessage, Does.Contain("\"button\":\"Choose\""));

        await state.ReplyAsync(buttons.MessageId!, "Yes");
        var reply = state.InboundMessages.Last();
        Assert.That(reply.Provider, Is.EqualTo(provider));
        Assert.That(reply.Message.InReplyToMessageId, Is.EqualTo(buttons.MessageId));
    }

    [TestCaseSource(nameof(CloudProviders))]
    public async Task Status_and_inbound_payloads_parse_through_Metas_webhook_processor_into_the_same_updates(SandboxProvider provider)
    {
        var clock = Harness.Clock();
        await using var services = Harness.WhatsAppInProcess(provider, clock, sandbox: o => o.ReadDelay = TimeSpan.FromSeconds(3));
        var state = services.GetRequiredService<SandboxState>();
        await state.InjectInboundAsync(provider, Harness.Customer, "Hi coach");
        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, Harness.Customer, "Hello");
        clock.Advance(TimeSpan.FromSeconds(3));
        await state.WhenIdleAsync();

        // What a real Meta webhook (or the webhook entry inside AWS's event) with these bytes gives the pipeline.
        var pipeline = new RecordingPipeline();
        var processor = new MetaWebhookProcessor(Options.Create(new MetaWhatsAppOptions { AppSecret = "app-secret" }), pipeline, timeProvider: clock);
        foreach (var payload in state.InboundMessages.Select(m => m.Payload).Concat(state.DeliveryEvents.Select(e => e.Payload)))
        {
            var body = Encoding.UTF8.GetBytes(AsMetaNotification(payload, provider));
            var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("app-secret"u8, body));
            Assert.That((await processor.ProcessAsync(body, signature)).Outcome, Is.EqualTo(MetaWebhookOutcome.Accepted));
        }

        var expected = state.DeliveryEvents.Select(e => e.Update).ToList();
        Assert.That(expected.Select(u => u.MessageId).Distinct(), Is.EqualTo(new[] { result.MessageId }));
        Assert.That(pipeline.Updates.Select(Fields), Is.EqualTo(expected.Select(Fields)));
        Assert.That(expected.Select(u => u.Status), Is.EqualTo(new[] { DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Read }));

        var injected = state.InboundMessages.Single().Message;
        var parsed = pipeline.Messages.Single();
        Assert.That((parsed.From, parsed.To, parsed.Body, parsed.ProviderMessageId, parsed.ReceivedAt, parsed.ProfileName),
            Is.EqualTo((injected.From, injected.To, injected.Body, injected.ProviderMessageId, injected.ReceivedAt, injected.ProfileName)));
    }

    [TestCaseSource(nameof(CloudProviders))]
    public async Task A_failure_simulator_number_and_a_closed_window_are_accepted_then_failed_with_Metas_codes(SandboxProvider provider)
    {
        var clock = Harness.Clock();
        await using var services = Harness.WhatsAppInProcess(provider, clock, messaging: o => o.EnforceWhatsAppSessionWindow = false);
        var state = services.GetRequiredService<SandboxState>();
        var client = services.GetRequiredService<IMessagingClient>();
        await state.InjectInboundAsync(provider, AwsSimulatorNumbers.UnitedStatesFailure, "Hi");

        var undeliverable = await client.SendAsync(MessagingPlatform.WhatsApp, AwsSimulatorNumbers.UnitedStatesFailure, "Hello");
        var outsideWindow = await client.SendAsync(MessagingPlatform.WhatsApp, Harness.Customer, "Hello");
        Assert.That(new[] { undeliverable.Status, outsideWindow.Status }, Is.All.EqualTo(SendStatus.Accepted));

        clock.Advance(TimeSpan.FromSeconds(2));
        await state.WhenIdleAsync();
        var tracker = services.GetRequiredService<IDeliveryTracker>();
        var first = await tracker.GetAsync(undeliverable.MessageId!);
        var second = await tracker.GetAsync(outsideWindow.MessageId!);
        Assert.Multiple(() =>
        {
            Assert.That((first!.Status, first.ErrorCode), Is.EqualTo((DeliveryStatus.Failed, "131026")));
            Assert.That((second!.Status, second.ErrorCode), Is.EqualTo((DeliveryStatus.Failed, "131047")));
            Assert.That(state.DeliveryEvents.Single(e => e.MessageId == outsideWindow.MessageId).Payload, Does.Contain("Re-engagement message"));
        });
    }

    [TestCaseSource(nameof(CloudProviders))]
    public async Task Faults_throttle_and_fail_each_provider_with_its_own_error_shape(SandboxProvider provider)
    {
        var clock = Harness.Clock();

        // One attempt: the router's retry backoff runs on the fake clock, which this test does not advance.
        await using var services = Harness.WhatsAppInProcess(provider, clock, messaging: o =>
        {
            o.EnforceWhatsAppSessionWindow = false;
            o.Retry.MaxAttempts = 1;
        });
        var state = services.GetRequiredService<SandboxState>();
        var client = services.GetRequiredService<IMessagingClient>();

        state.Faults.For(provider).ThrottlingRate = 1;
        var throttled = await client.SendAsync(MessagingPlatform.WhatsApp, Harness.Customer, "Hello");
        state.Faults.Reset();
        state.Faults.For(provider).ServerErrorRate = 1;
        var failed = await client.SendAsync(MessagingPlatform.WhatsApp, Harness.Customer, "Hello");

        Assert.Multiple(() =>
        {
            Assert.That(throttled.Error?.Code, Is.EqualTo(MessagingErrorCode.Throttled));
            Assert.That(throttled.Error?.ProviderCode, Does.StartWith(provider == SandboxProvider.Meta ? "130429" : "ThrottledRequestException"));
            Assert.That(failed.Status, Is.EqualTo(SendStatus.Unknown).Or.EqualTo(SendStatus.Failed));
            Assert.That(failed.Error?.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(state.Messages, Is.Empty);
        });
    }

    [Test]
    public async Task An_expired_Meta_token_is_refused_with_190_and_reported_as_AuthenticationFailed()
    {
        var clock = Harness.Clock();
        await using var services = Harness.WhatsAppInProcess(SandboxProvider.Meta, clock, messaging: o => o.EnforceWhatsAppSessionWindow = false,
            configure: b => b.AddMetaWhatsApp(o => o.AccessToken = SandboxOptions.ExpiredMetaAccessToken));

        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, Harness.Customer, "Hello");

        Assert.That(result.Error?.Code, Is.EqualTo(MessagingErrorCode.AuthenticationFailed));
        Assert.That(result.Error?.ProviderCode, Is.EqualTo("190"));
        Assert.That(services.GetRequiredService<SandboxState>().Messages, Is.Empty);
    }

    [Test]
    public async Task Meta_api_over_loopback_answers_Metas_shapes_and_error_codes()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Strict = true });
        using var http = new HttpClient();
        const string Text = """{"messaging_product":"whatsapp","to":"14155550123","type":"text","text":{"body":"Hello"}}""";

        async Task<(HttpStatusCode Status, JsonNode Body)> Send(string json, string? token = SandboxOptions.DefaultMetaAccessToken)
        {
            using var response = await http.SendAsync(Harness.MetaSend(server.BaseAddress, json, token));
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }

        var ok = await Send(Text);
        var noToken = await Send(Text, token: null);
        var wrongToken = await Send(Text, token: "not-the-token");
        var expired = await Send(Text, token: SandboxOptions.ExpiredMetaAccessToken);
        var notJson = await Send("{not json");
        var unknownType = await Send("""{"messaging_product":"whatsapp","to":"14155550123","type":"hologram","hologram":{}}""");
        var missingText = await Send("""{"messaging_product":"whatsapp","to":"14155550123","type":"text"}""");
        var httpMedia = await Send("""{"messaging_product":"whatsapp","to":"14155550123","type":"image","image":{"link":"http://cdn.example.com/a.png"}}""");
        var fourButtons = await Send("""{"messaging_product":"whatsapp","to":"14155550123","type":"interactive","interactive":{"type":"button","body":{"text":"x"},"action":{"buttons":[{"type":"reply","reply":{"id":"a","title":"A"}},{"type":"reply","reply":{"id":"b","title":"B"}},{"type":"reply","reply":{"id":"c","title":"C"}},{"type":"reply","reply":{"id":"d","title":"D"}}]}}}""");
        var unexpectedKey = await Send("""{"messaging_product":"whatsapp","to":"14155550123","type":"text","text":{"body":"x"},"colour":"red"}""");

        static (HttpStatusCode, int?, int?) Error((HttpStatusCode Status, JsonNode Body) answer) =>
            (answer.Status, (int?)answer.Body["error"]?["code"], (int?)answer.Body["error"]?["error_subcode"]);

        Assert.Multiple(() =>
        {
            Assert.That(ok.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)ok.Body["messaging_product"], Is.EqualTo("whatsapp"));
            Assert.That((string?)ok.Body["contacts"]![0]!["wa_id"], Is.EqualTo("14155550123"));
            Assert.That((string?)ok.Body["messages"]![0]!["id"], Does.StartWith("wamid."));
            Assert.That(Error(noToken), Is.EqualTo((HttpStatusCode.Unauthorized, 190, (int?)null)));
            Assert.That(Error(wrongToken), Is.EqualTo((HttpStatusCode.Unauthorized, 190, (int?)null)));
            Assert.That(Error(expired), Is.EqualTo((HttpStatusCode.Unauthorized, 190, 463)));
            Assert.That((string?)expired.Body["error"]!["type"], Is.EqualTo("OAuthException"));
            Assert.That((string?)expired.Body["error"]!["fbtrace_id"], Is.Not.Empty);
            Assert.That(Error(notJson), Is.EqualTo((HttpStatusCode.BadRequest, 100, (int?)null)));
            Assert.That(Error(unknownType), Is.EqualTo((HttpStatusCode.BadRequest, 100, (int?)null)));
            Assert.That((string?)unknownType.Body["error"]!["error_data"]!["details"], Does.Contain("hologram"));
            Assert.That(Error(missingText), Is.EqualTo((HttpStatusCode.BadRequest, 131008, (int?)null)));
            Assert.That(Error(httpMedia), Is.EqualTo((HttpStatusCode.BadRequest, 131009, (int?)null)));
            Assert.That(Error(fourButtons), Is.EqualTo((HttpStatusCode.BadRequest, 131009, (int?)null)));
            Assert.That((string?)fourButtons.Body["error"]!["error_data"]!["details"], Does.Contain("interactive.action.buttons has 4 items"));
            Assert.That(Error(unexpectedKey), Is.EqualTo((HttpStatusCode.BadRequest, 100, (int?)null)));
            Assert.That(server.State.Messages, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Aws_social_messaging_over_loopback_verifies_SigV4_and_the_models_members()
    {
        var clock = Harness.Clock();
        await using var server = await SandboxServer.StartAsync(timeProvider: clock);
        using var http = new HttpClient();
        var message = Convert.ToBase64String("""{"messaging_product":"whatsapp","to":"+14155550123","type":"text","text":{"body":"Hello"}}"""u8);
        var valid = $$"""{"originationPhoneNumberId":"{{SandboxOptions.DefaultAwsWhatsAppPhoneNumberId}}","metaApiVersion":"v23.0","message":"{{message}}"}""";

        async Task<(HttpStatusCode Status, string? Type, JsonNode Body)> Send(string json, string signingName = "social-messaging")
        {
            using var response = await http.SendAsync(Harness.AwsWhatsAppSend(server.BaseAddress, json, clock.GetUtcNow(), signingName));
            var type = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.Single() : null;
            return (response.StatusCode, type, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }

        var ok = await Send(valid);
        var smsScope = await Send(valid, signingName: "sms-voice");
        var missing = await Send($$"""{"originationPhoneNumberId":"{{SandboxOptions.DefaultAwsWhatsAppPhoneNumberId}}","message":"{{message}}"}""");
        var badId = await Send($$"""{"originationPhoneNumberId":"+14155238886","metaApiVersion":"v23.0","message":"{{message}}"}""");
        var badMessage = await Send($$"""{"originationPhoneNumberId":"{{SandboxOptions.DefaultAwsWhatsAppPhoneNumberId}}","metaApiVersion":"v23.0","message":"{{Convert.ToBase64String("""{"messaging_product":"whatsapp","to":"+14155550123","type":"text"}"""u8)}}"}""");

        Assert.Multiple(() =>
        {
            Assert.That(ok.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)ok.Body["messageId"], Does.StartWith("wamid."));
            Assert.That((smsScope.Status, smsScope.Type), Is.EqualTo((HttpStatusCode.Forbidden, "InvalidSignatureException")));
            Assert.That((string?)smsScope.Body["message"], Does.Contain("social-messaging"));
            Assert.That((missing.Status, missing.Type), Is.EqualTo((HttpStatusCode.BadRequest, "ValidationException")));
            Assert.That((string?)missing.Body["message"], Does.Contain("'metaApiVersion'"));
            Assert.That((badId.Status, badId.Type), Is.EqualTo((HttpStatusCode.BadRequest, "ValidationException")));
            Assert.That((badMessage.Status, badMessage.Type), Is.EqualTo((HttpStatusCode.BadRequest, "InvalidParametersException")));
            Assert.That((string?)badMessage.Body["message"], Does.Contain("131008"));
            Assert.That(server.State.Messages.Single().Provider, Is.EqualTo(SandboxProvider.AwsWhatsApp));
        });
    }

    [Test]
    public async Task Both_providers_send_over_loopback_when_pointed_at_the_server()
    {
        var clock = Harness.Clock();
        await using var server = await SandboxServer.StartAsync(timeProvider: clock);
        server.State.OpenWhatsAppWindow(Harness.Customer);
        var results = new List<SendResult>();
        foreach (var provider in CloudProviders)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<TimeProvider>(clock);
            var builder = services.AddNutritionistMessaging(o =>
            {
                o.DefaultRegion = "US";
                o.EnforceWhatsAppSessionWindow = false;
            });
            if (provider == SandboxProvider.Meta)
            {
                builder.AddMetaWhatsApp(o =>
                {
                    o.BaseUrl = server.BaseAddress;
                    o.AccessToken = SandboxOptions.DefaultMetaAccessToken;
                    o.PhoneNumberId = SandboxOptions.DefaultMetaPhoneNumberId;
                });
            }
            else
            {
                builder.AddAwsWhatsApp(o =>
                {
                    o.ServiceUrl = server.BaseAddress;
                    o.Region = SandboxOptions.DefaultAwsRegion;
                    o.AccessKeyId = SandboxOptions.DefaultAwsAccessKeyId;
                    o.SecretAccessKey = SandboxOptions.DefaultAwsSecretAccessKey;
                    o.OriginationPhoneNumberId = SandboxOptions.DefaultAwsWhatsAppPhoneNumberId;
                });
            }

            await using var provider1 = services.BuildServiceProvider();
            results.Add(await provider1.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, Harness.Customer, "Over loopback"));
        }

        Assert.That(results.Select(r => r.Status), Is.All.EqualTo(SendStatus.Accepted), string.Join(" / ", results.Select(r => r.Error?.Message)));
        Assert.That(server.State.Messages.Select(m => m.Provider), Is.EqualTo(CloudProviders));
        Assert.That(results.Select(r => r.ProviderName), Is.EqualTo(new[] { "meta", "aws-whatsapp" }));
    }

    /// <summary>Meta's payload as it is; AWS's event unwrapped to the notification Meta would have posted (the entry is Meta's).</summary>
    private static string AsMetaNotification(string payload, SandboxProvider provider) =>
        provider == SandboxProvider.Meta
            ? payload
            : new JsonObject { ["object"] = "whatsapp_business_account", ["entry"] = new JsonArray(JsonNode.Parse((string)JsonNode.Parse(payload)!["whatsAppWebhookEntry"]!)) }.ToJsonString();

    private static (string, DeliveryStatus, string?, string?, string?, DateTimeOffset?, string?) Fields(DeliveryStatusUpdate u) =>
        (u.MessageId, u.Status, u.ProviderStatus, u.ErrorCode, u.ErrorMessage, u.Timestamp, u.Recipient);

    private sealed class RecordingPipeline : IInboundPipeline
    {
        public List<InboundMessage> Messages { get; } = [];

        public List<DeliveryStatusUpdate> Updates { get; } = [];

        public Task<InboundResult> ProcessMessageAsync(InboundMessage message, CancellationToken cancellationToken = default)
        {
            Messages.Add(message);
            return Task.FromResult(new InboundResult(KeywordKind.None, null));
        }

        public Task<bool> ProcessDeliveryStatusAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
        {
            Updates.Add(update);
            return Task.FromResult(true);
        }
    }
}
