using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Meta.Tests;

/// <summary>The host-neutral webhook processor: handshake, HMAC over the exact bytes, messages and statuses into the pipeline.</summary>
public class WebhookTests
{
    private const string Person = "+14155552671";

    private sealed class Recorder : IInboundMessageHandler, IDeliveryStatusHandler
    {
        public ConcurrentQueue<InboundMessage> Messages { get; } = new();

        public ConcurrentQueue<DeliveryStatusUpdate> Updates { get; } = new();

        public Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
        {
            Messages.Enqueue(message);
            return Task.CompletedTask;
        }

        public Task HandleAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
        {
            Updates.Enqueue(update);
            return Task.CompletedTask;
        }
    }

    private static (ServiceProvider Services, Recorder Recorder, StubHttpHandler Stub) Host(Action<MetaWhatsAppOptions>? configure = null)
    {
        var recorder = new Recorder();
        var stub = new StubHttpHandler(_ => TestMeta.Accepted("wamid.REPLY"));
        var services = TestMeta.Services(stub, configure, s =>
        {
            s.AddSingleton<IInboundMessageHandler>(recorder);
            s.AddSingleton<IDeliveryStatusHandler>(recorder);
        });
        return (services, recorder, stub);
    }

    /// <summary>A notification as Meta posts it: one entry, one messages change, with <paramref name="value"/> inside.</summary>
    internal static string Notification(string value) =>
        """{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":""" + "\"" + TestMeta.PhoneNumberId + "\"}," + value + "}}]}]}";

    internal static string Message(string type, string content, string id = "wamid.IN1", string extra = "", long timestamp = 1749416383) => Notification($$"""
        "contacts":[{"profile":{"name":"Ada Lovelace"},"wa_id":"14155552671"}],
        "messages":[{"from":"14155552671","id":"{{id}}","timestamp":"{{timestamp}}","type":"{{type}}"{{extra}},"{{type}}":{{content}}}]
        """);

    private static Task<MetaWebhookResult> PostAsync(ServiceProvider services, string json, string? signature = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return services.GetRequiredService<MetaWebhookProcessor>().ProcessAsync(body, signature ?? TestMeta.Sign(body));
    }

    [Test]
    public void The_handshake_echoes_the_challenge_only_for_the_right_token()
    {
        var (services, _, _) = Host();
        using (services)
        {
            var processor = services.GetRequiredService<MetaWebhookProcessor>();
            var ok = processor.Verify("subscribe", TestMeta.VerifyToken, "1158201444");
            var wrongToken = processor.Verify("subscribe", "guess", "1158201444");
            var wrongMode = processor.Verify("unsubscribe", TestMeta.VerifyToken, "1158201444");
            var noToken = processor.Verify("subscribe", null, "1158201444");

            Assert.Multiple(() =>
            {
                Assert.That(ok.Outcome, Is.EqualTo(MetaWebhookOutcome.Verified));
                Assert.That(ok.StatusCode, Is.EqualTo(200));
                Assert.That(ok.Body, Is.EqualTo("1158201444"));
                foreach (var refused in new[] { wrongToken, wrongMode, noToken })
                {
                    Assert.That(refused.Outcome, Is.EqualTo(MetaWebhookOutcome.VerificationFailed));
                    Assert.That(refused.StatusCode, Is.EqualTo(403));
                    Assert.That(refused.Body, Is.Null);
                }
            });
        }
    }

    [Test]
    public async Task Missing_or_forged_signatures_and_other_secrets_are_refused_and_nothing_reaches_handlers()
    {
        var (services, recorder, _) = Host();
        await using (services)
        {
            var json = Message("text", """{"body":"Hello"}""");
            var body = Encoding.UTF8.GetBytes(json);
            var processor = services.GetRequiredService<MetaWebhookProcessor>();

            var missing = await processor.ProcessAsync(body, null);
            var otherSecret = await processor.ProcessAsync(body, TestMeta.Sign(body, "another-app-secret"));
            var otherBytes = await processor.ProcessAsync(body, TestMeta.Sign(Encoding.UTF8.GetBytes(json.Replace("Hello", "Hellp", StringComparison.Ordinal))));
            var notHex = await processor.ProcessAsync(body, "sha256=" + new string('z', 64));
            var sha1 = await processor.ProcessAsync(body, "sha1=" + TestMeta.Sign(body)[7..]);

            Assert.Multiple(() =>
            {
                Assert.That(missing.Outcome, Is.EqualTo(MetaWebhookOutcome.MissingSignature));
                foreach (var forged in new[] { otherSecret, otherBytes, notHex, sha1 })
                {
                    Assert.That(forged.Outcome, Is.EqualTo(MetaWebhookOutcome.InvalidSignature));
                    Assert.That(forged.StatusCode, Is.EqualTo(403));
                }

                Assert.That(missing.StatusCode, Is.EqualTo(403));
                Assert.That(recorder.Messages, Is.Empty);
            });
        }
    }

    [TestCase("not json at all")]
    [TestCase("""{"object":"page","entry":[]}""")]
    [TestCase("""{"object":"whatsapp_business_account"}""")]
    [TestCase("""{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"14155552671","type":"text","text":{"body":"no id"}}]}}]}]}""")]
    public async Task Signed_bodies_of_the_wrong_shape_are_malformed_and_nothing_reaches_handlers(string json)
    {
        var (services, recorder, _) = Host();
        await using (services)
        {
            var result = await PostAsync(services, json);

            Assert.Multiple(() =>
            {
                Assert.That(result.Outcome, Is.EqualTo(MetaWebhookOutcome.Malformed));
                Assert.That(result.StatusCode, Is.EqualTo(400));
                Assert.That(recorder.Messages, Is.Empty);
            });
        }
    }

    [Test]
    public async Task A_bad_item_refuses_the_whole_body_even_after_good_ones()
    {
        var (services, recorder, _) = Host();
        await using (services)
        {
            var json = Notification("""
                "contacts":[{"profile":{"name":"Ada"},"wa_id":"14155552671"}],
                "messages":[{"from":"14155552671","id":"wamid.OK","timestamp":"1749416383","type":"text","text":{"body":"fine"}},
                            {"from":"not-a-number","id":"wamid.BAD","timestamp":"1749416383","type":"text","text":{"body":"bad"}}]
                """);
            var result = await PostAsync(services, json);

            Assert.Multiple(() =>
            {
                Assert.That(result.Outcome, Is.EqualTo(MetaWebhookOutcome.Malformed));
                Assert.That(recorder.Messages, Is.Empty);
            });
        }
    }

    [Test]
    public async Task Without_an_app_secret_posts_are_refused_as_not_configured()
    {
        var (services, recorder, _) = Host(o =>
        {
            TestMeta.Valid(o);
            o.AppSecret = null;
        });
        await using (services)
        {
            var result = await PostAsync(services, Message("text", """{"body":"Hi"}"""));

            Assert.Multiple(() =>
            {
                Assert.That(result.Outcome, Is.EqualTo(MetaWebhookOutcome.NotConfigured));
                Assert.That(result.StatusCode, Is.EqualTo(500));
                Assert.That(recorder.Messages, Is.Empty);
            });
        }
    }

    [Test]
    public async Task A_text_message_opens_the_window_and_reaches_the_handler()
    {
        var (services, recorder, _) = Host();
        await using (services)
        {
            // The window runs 24 hours from the message's own timestamp, so the message is recent.
            var sentAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);
            var result = await PostAsync(services, Message("text", """{"body":"What's for lunch?"}""", extra: ""","context":{"from":"15550783881","id":"wamid.QUOTED"}""", timestamp: sentAt.ToUnixTimeSeconds()));

            var message = recorder.Messages.Single();
            Assert.Multiple(async () =>
            {
                Assert.That(result.Outcome, Is.EqualTo(MetaWebhookOutcome.Accepted));
                Assert.That(message.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
                Assert.That(message.From, Is.EqualTo(Person));
                Assert.That(message.To, Is.EqualTo("+15550783881"));
                Assert.That(message.Body, Is.EqualTo("What's for lunch?"));
                Assert.That(message.ProviderMessageId, Is.EqualTo("wamid.IN1"));
                Assert.That(message.ProfileName, Is.EqualTo("Ada Lovelace"));
                Assert.That(message.InReplyToMessageId, Is.EqualTo("wamid.QUOTED"));
                Assert.That(message.ReceivedAt, Is.EqualTo(sentAt));
                Assert.That(message.ProviderName, Is.EqualTo("meta"));
                Assert.That(await services.GetRequiredService<IConversationWindowStore>().IsOpenAsync(Person), Is.True);
            });
        }
    }

    [Test]
    public async Task Stop_opts_the_person_out_and_the_confirmation_goes_through_Meta()
    {
        var (services, _, stub) = Host();
        await using (services)
        {
            var result = await PostAsync(services, Message("text", """{"body":"STOP"}"""));

            Assert.Multiple(async () =>
            {
                Assert.That(result.MessageResults.Single().Keyword, Is.EqualTo(KeywordKind.OptOut));
                Assert.That(await services.GetRequiredService<IOptOutStore>().IsOptedOutAsync(Person, MessagingPlatform.WhatsApp), Is.True);
                Assert.That(stub.Requests.Single().Message.RequestUri!.AbsolutePath, Is.EqualTo(TestMeta.MessagesPath));
            });
            MetaSchema.AssertValid(stub.Requests.Single().BodyText);
        }
    }

    [TestCase("image", """{"caption":"My lunch","mime_type":"image/jpeg","sha256":"abc","id":"1479537139650973"}""", "My lunch", "image/jpeg", null)]
    [TestCase("document", """{"caption":"Lab results","filename":"results.pdf","mime_type":"application/pdf","sha256":"abc","id":"1479537139650973"}""", "Lab results", "application/pdf", "results.pdf")]
    [TestCase("audio", """{"mime_type":"audio/ogg; codecs=opus","sha256":"abc","id":"1479537139650973","voice":true}""", "", "audio/ogg; codecs=opus", null)]
    [TestCase("video", """{"mime_type":"video/mp4","sha256":"abc","id":"1479537139650973"}""", "", "video/mp4", null)]
    [TestCase("sticker", """{"mime_type":"image/webp","sha256":"abc","id":"1479537139650973","animated":false}""", "", "image/webp", null)]
    public async Task Media_arrives_as_ids_with_the_graph_address_that_resolves_them(string type, string content, string body, string contentType, string? fileName)
    {
        var (services, recorder, _) = Host();
        await using (services)
        {
            await PostAsync(services, Message(type, content));

            var message = recorder.Messages.Single();
            var media = message.Media.Single();
            Assert.Multiple(() =>
            {
                Assert.That(message.Body, Is.EqualTo(body));
                Assert.That(media.Id, Is.EqualTo("1479537139650973"));
                Assert.That(media.Url, Is.EqualTo(new Uri("https://graph.facebook.com/v23.0/1479537139650973")));
                Assert.That(media.ContentType, Is.EqualTo(contentType));
                Assert.That(media.FileName, Is.EqualTo(fileName));
            });
        }
    }

    [TestCase("button", """{"payload":"SWAP_MEAL","text":"Swap meal"}""", "SWAP_MEAL", "Swap meal")]
    [TestCase("interactive", """{"type":"button_reply","button_reply":{"id":"yes-1","title":"Yes"}}""", "yes-1", "Yes")]
    [TestCase("interactive", """{"type":"list_reply","list_reply":{"id":"row-2","title":"Salmon bowl","description":"520 kcal"}}""", "row-2", "Salmon bowl")]
    public async Task Button_and_interactive_replies_carry_payload_and_title(string type, string content, string payload, string title)
    {
        var (services, recorder, _) = Host();
        await using (services)
        {
            await PostAsync(services, Message(type, content));

            var message = recorder.Messages.Single();
            Assert.Multiple(() =>
            {
                Assert.That(message.ButtonPayload, Is.EqualTo(payload));
                Assert.That(message.ButtonText, Is.EqualTo(title));
                Assert.That(message.Body, Is.EqualTo(title));
            });
        }
    }

    [Test]
    public async Task Reactions_locations_contacts_and_unsupported_messages_all_reach_the_handler()
    {
        var (services, recorder, _) = Host();
        await using (services)
        {
            await PostAsync(services, Message("reaction", """{"message_id":"wamid.MINE","emoji":"👍"}""", id: "wamid.R"));
            await PostAsync(services, Message("location", """{"latitude":38.9806,"longitude":-77.1006,"name":"Gym","address":"1 Main St"}""", id: "wamid.L"));
            await PostAsync(services, Notification("""
                "contacts":[{"profile":{"name":"Ada"},"wa_id":"14155552671"}],
                "messages":[{"from":"14155552671","id":"wamid.C","timestamp":"1749416383","type":"contacts","contacts":[{"name":{"formatted_name":"Grace Hopper","first_name":"Grace"},"phones":[{"phone":"+1 555 0100","type":"CELL"}]}]}]
                """));
            await PostAsync(services, Message("unsupported", """{"type":"poll"}""", id: "wamid.U", extra: ""","errors":[{"code":131051,"title":"Message type unknown"}]"""));

            var messages = recorder.Messages.ToDictionary(m => m.ProviderMessageId!);
            Assert.Multiple(() =>
            {
                Assert.That(messages["wamid.R"].Body, Is.EqualTo("👍"));
                Assert.That(messages["wamid.R"].InReplyToMessageId, Is.EqualTo("wamid.MINE"));
                Assert.That(messages["wamid.L"].Body, Is.EqualTo("geo:38.9806,-77.1006"));
                Assert.That(messages["wamid.C"].Body, Is.EqualTo("Grace Hopper"));
                Assert.That(messages["wamid.U"].Body, Is.Empty);
            });
        }
    }

    [Test]
    public async Task Statuses_go_to_the_tracker_and_a_final_status_is_never_undone()
    {
        var (services, recorder, _) = Host();
        await using (services)
        {
            static string Status(string status, string ts, string errors = "") => Notification($$"""
                "statuses":[{"id":"wamid.OUT","status":"{{status}}","timestamp":"{{ts}}","recipient_id":"14155552671",
                  "pricing":{"billable":true,"pricing_model":"PMP","category":"utility"}{{errors}}}]
                """);

            await PostAsync(services, Status("sent", "1749416400"));
            await PostAsync(services, Status("read", "1749416460"));
            await PostAsync(services, Status("delivered", "1749416430"));
            var tracker = services.GetRequiredService<IDeliveryTracker>();
            var afterRead = await tracker.GetAsync("wamid.OUT");

            await PostAsync(services, Status("failed", "1749416500", ""","errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"Message failed to send because more than 24 hours have passed"}}]""").Replace("wamid.OUT", "wamid.FAIL", StringComparison.Ordinal));
            var failed = await tracker.GetAsync("wamid.FAIL");

            var updates = recorder.Updates.ToList();
            Assert.Multiple(() =>
            {
                Assert.That(updates[0].Status, Is.EqualTo(DeliveryStatus.Sent));
                Assert.That(updates[^1].Status, Is.EqualTo(DeliveryStatus.Failed));
                Assert.That(updates[0].Recipient, Is.EqualTo(Person));
                Assert.That(updates[0].Timestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1749416400)));
                Assert.That(afterRead!.Status, Is.EqualTo(DeliveryStatus.Read));
                Assert.That(failed!.Status, Is.EqualTo(DeliveryStatus.Failed));
                Assert.That(failed.ErrorCode, Is.EqualTo("131047"));
                Assert.That(updates[^1].ErrorMessage, Does.Contain("Re-engagement message").And.Contain("24 hours"));
            });
        }
    }

    [Test]
    public async Task Other_fields_are_accepted_and_ignored()
    {
        var (services, recorder, _) = Host();
        await using (services)
        {
            var result = await PostAsync(services, """
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":12,"message_template_name":"order_ready"}}]}]}
                """);

            Assert.Multiple(() =>
            {
                Assert.That(result.Outcome, Is.EqualTo(MetaWebhookOutcome.Accepted));
                Assert.That(recorder.Messages, Is.Empty);
                Assert.That(recorder.Updates, Is.Empty);
            });
        }
    }
}
