using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

/// <summary><see cref="TwilioWebhookHandler"/>: signed webhooks through the real inbound pipeline, down to the HTTP stub.</summary>
public class WebhookPipelineTests
{
    private const string InboundUrl = "https://hooks.example.com/webhooks/twilio/inbound";
    private const string StatusUrl = "https://hooks.example.com/webhooks/twilio/status";
    private const string InboundSid = "SM11111111111111111111111111111111";

    private static List<KeyValuePair<string, string>> InboundForm(string body, string from = "whatsapp:" + TestTwilio.Recipient, params KeyValuePair<string, string>[] extra) =>
    [
        new("MessageSid", InboundSid),
        new("SmsMessageSid", InboundSid),
        new("AccountSid", TestTwilio.AccountSid),
        new("From", from),
        new("To", TestTwilio.From),
        new("Body", body),
        new("NumMedia", "0"),
        new("SmsStatus", "received"),
        new("ApiVersion", "2010-04-01"),
        .. extra,
    ];

    private static List<KeyValuePair<string, string>> StatusForm(string status, string sid = TestTwilio.MessageSid, params KeyValuePair<string, string>[] extra) =>
    [
        new("MessageSid", sid),
        new("SmsSid", sid),
        new("MessageStatus", status),
        new("SmsStatus", status),
        new("AccountSid", TestTwilio.AccountSid),
        new("From", TestTwilio.From),
        new("To", "whatsapp:" + TestTwilio.Recipient),
        new("ApiVersion", "2010-04-01"),
        .. extra,
    ];

    private static TwilioWebhookRequest Signed(string url, List<KeyValuePair<string, string>> form) =>
        new(url, form, TwilioSignature.Compute(TestTwilio.AuthToken, url, form));

    [Test]
    public async Task A_signed_WhatsApp_STOP_opts_the_number_out_and_sends_the_confirmation_through_Twilio()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);
        var handler = services.GetRequiredService<TwilioWebhookHandler>();
        var optOuts = services.GetRequiredService<IOptOutStore>();

        var result = await handler.HandleAsync(Signed(InboundUrl, InboundForm(" stop ")));

        Assert.That(result.Outcome, Is.EqualTo(TwilioWebhookOutcome.InboundMessage), result.Error);
        Assert.That(result.PipelineResult!.Keyword, Is.EqualTo(KeywordKind.OptOut));
        Assert.That(result.PipelineResult.Reply!.Status, Is.EqualTo(SendStatus.Accepted), result.PipelineResult.Reply.ToString());
        Assert.That(await optOuts.IsOptedOutAsync(TestTwilio.Recipient, MessagingPlatform.WhatsApp), Is.True);
        Assert.That(await optOuts.IsOptedOutAsync(TestTwilio.Recipient, MessagingPlatform.Sms), Is.False, "a plain STOP ends only the platform it came on");

        var request = stub.Requests.Single();
        Assert.That(request.Message.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(request.Message.RequestUri!.AbsolutePath, Is.EqualTo($"/2010-04-01/Accounts/{TestTwilio.AccountSid}/Messages.json"));
        var sent = TestTwilio.Form(request).ToDictionary(p => p.Key, p => p.Value);
        Assert.That(sent["To"], Is.EqualTo("whatsapp:" + TestTwilio.Recipient));
        Assert.That(sent["Body"], Does.Contain("unsubscribed"));

        // The gate now refuses an ordinary send without calling Twilio.
        var blocked = await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, TestTwilio.Recipient, "Your meal plan is ready!");
        Assert.That(blocked.Error?.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(stub.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task START_after_STOP_opts_the_number_back_in()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);
        var handler = services.GetRequiredService<TwilioWebhookHandler>();

        await handler.HandleAsync(Signed(InboundUrl, InboundForm("STOP")));
        var result = await handler.HandleAsync(Signed(InboundUrl, InboundForm("Start")));

        Assert.That(result.PipelineResult!.Keyword, Is.EqualTo(KeywordKind.OptIn));
        Assert.That(await services.GetRequiredService<IOptOutStore>().IsOptedOutAsync(TestTwilio.Recipient, MessagingPlatform.WhatsApp), Is.False);
        Assert.That(stub.Requests, Has.Count.EqualTo(2), "one confirmation each");
    }

    [Test]
    public async Task An_inbound_WhatsApp_message_opens_the_24_hour_window_so_a_free_form_send_goes_through()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub, more: s => s.AddSingleton<TimeProvider>(time));
        var client = services.GetRequiredService<IMessagingClient>();

        var before = await client.SendAsync(MessagingPlatform.WhatsApp, TestTwilio.Recipient, "How was lunch?");
        Assert.That(before.Error?.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));
        Assert.That(stub.Requests, Is.Empty);

        var result = await services.GetRequiredService<TwilioWebhookHandler>().HandleAsync(Signed(InboundUrl, InboundForm("Here is my lunch")));
        Assert.That(result.PipelineResult!.Keyword, Is.EqualTo(KeywordKind.None));
        Assert.That(result.PipelineResult.Reply, Is.Null);
        Assert.That(await services.GetRequiredService<IConversationWindowStore>().IsOpenAsync(TestTwilio.Recipient), Is.True);

        var after = await client.SendAsync(MessagingPlatform.WhatsApp, "(415) 555-2671", "How was lunch?");
        Assert.That(after.Status, Is.EqualTo(SendStatus.Accepted), after.ToString());
        Assert.That(stub.Requests, Has.Count.EqualTo(1));

        // 24 hours later the window has closed again.
        time.Advance(TimeSpan.FromHours(24));
        var later = await client.SendAsync(MessagingPlatform.WhatsApp, TestTwilio.Recipient, "Still there?");
        Assert.That(later.Error?.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));
    }

    [Test]
    public async Task An_SMS_through_Twilio_is_mapped_as_SMS_and_opens_no_WhatsApp_window()
    {
        var handlerSpy = new RecordingHandlers();
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()), more: handlerSpy.Register);

        var result = await services.GetRequiredService<TwilioWebhookHandler>().HandleAsync(Signed(InboundUrl, InboundForm("hello", from: TestTwilio.Recipient)));

        Assert.That(result.Outcome, Is.EqualTo(TwilioWebhookOutcome.InboundMessage), result.Error);
        Assert.That(handlerSpy.Messages.Single().Platform, Is.EqualTo(MessagingPlatform.Sms));
        Assert.That(await services.GetRequiredService<IConversationWindowStore>().IsOpenAsync(TestTwilio.Recipient), Is.False);
    }

    [Test]
    public async Task Every_field_of_an_inbound_message_reaches_the_application_and_unknown_parameters_are_accepted()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var spy = new RecordingHandlers();
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()), more: s =>
        {
            s.AddSingleton<TimeProvider>(time);
            spy.Register(s);
        });
        var form = InboundForm(
            "Here is my lunch",
            extra:
            [
                new("NumMedia", "2"),
                new("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1"),
                new("MediaContentType0", "image/jpeg"),
                new("MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME2"),
                new("MediaContentType1", "audio/ogg"),
                new("ProfileName", "Ada"),
                new("WaId", "14155552671"),
                new("ButtonPayload", "LUNCH_DONE"),
                new("ButtonText", "Done"),
                new("OriginalRepliedMessageSid", TestTwilio.MessageSid),
                new("SomeFutureParameter", "whatever"),
                new("ChannelMetadata", """{"type":"whatsapp","data":{"context":{}}}"""),
            ]);

        // InboundForm already holds NumMedia=0; the processor reads the first, so drop it.
        form.RemoveAll(p => p is { Key: "NumMedia", Value: "0" });
        var result = await services.GetRequiredService<TwilioWebhookHandler>().HandleAsync(Signed(InboundUrl, form));

        Assert.That(result.Outcome, Is.EqualTo(TwilioWebhookOutcome.InboundMessage), result.Error);
        var message = spy.Messages.Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
            Assert.That(message.From, Is.EqualTo(TestTwilio.Recipient));
            Assert.That(message.To, Is.EqualTo("+14155238886"));
            Assert.That(message.Body, Is.EqualTo("Here is my lunch"));
            Assert.That(message.Media, Is.EqualTo(new[]
            {
                new InboundMedia(new Uri("https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1"), "image/jpeg"),
                new InboundMedia(new Uri("https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME2"), "audio/ogg"),
            }));
            Assert.That(message.ProviderMessageId, Is.EqualTo(InboundSid));
            Assert.That(message.ReceivedAt, Is.EqualTo(time.GetUtcNow()));
            Assert.That(message.ProfileName, Is.EqualTo("Ada"));
            Assert.That(message.InReplyToMessageId, Is.EqualTo(TestTwilio.MessageSid));
            Assert.That(message.ButtonPayload, Is.EqualTo("LUNCH_DONE"));
            Assert.That(message.ButtonText, Is.EqualTo("Done"));
            Assert.That(message.ProviderName, Is.EqualTo("twilio-whatsapp"));
            Assert.That(message.Keyword, Is.Null);
        });
    }

    [Test]
    public async Task Status_callbacks_update_the_tracker_and_an_earlier_status_arriving_late_does_not_go_back()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        var spy = new RecordingHandlers();
        await using var services = TestTwilio.Services(stub, more: spy.Register);
        await services.GetRequiredService<IConversationWindowStore>().RecordInboundAsync(TestTwilio.Recipient, DateTimeOffset.UtcNow);
        var sent = await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, TestTwilio.Recipient, "Your meal plan is ready!");
        Assert.That(sent.MessageId, Is.EqualTo(TestTwilio.MessageSid));
        var tracker = services.GetRequiredService<IDeliveryTracker>();
        var handler = services.GetRequiredService<TwilioWebhookHandler>();
        Assert.That((await tracker.GetAsync(TestTwilio.MessageSid))!.Status, Is.EqualTo(DeliveryStatus.Queued));

        var delivered = await handler.HandleAsync(Signed(StatusUrl, StatusForm("delivered")));
        var lateSent = await handler.HandleAsync(Signed(StatusUrl, StatusForm("sent")));

        Assert.That(delivered.Outcome, Is.EqualTo(TwilioWebhookOutcome.StatusCallback), delivered.Error);
        Assert.That(delivered.DeliveryStatusChanged, Is.True);
        Assert.That(lateSent.DeliveryStatusChanged, Is.False);
        var record = (await tracker.GetAsync(TestTwilio.MessageSid))!;
        Assert.That(record.Status, Is.EqualTo(DeliveryStatus.Delivered));
        Assert.That(record.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
        Assert.That(record.Recipient, Is.EqualTo(TestTwilio.Recipient));

        var read = await handler.HandleAsync(Signed(StatusUrl, StatusForm("read")));
        Assert.That(read.DeliveryStatusChanged, Is.True);
        Assert.That((await tracker.GetAsync(TestTwilio.MessageSid))!.Status, Is.EqualTo(DeliveryStatus.Read));

        // Every update reaches the application's handlers, in the order received, with Twilio's own word.
        Assert.That(spy.Updates.Select(u => (u.Status, u.ProviderStatus)), Is.EqualTo(new[]
        {
            (DeliveryStatus.Delivered, "delivered"),
            (DeliveryStatus.Sent, "sent"),
            (DeliveryStatus.Read, "read"),
        }));
    }

    [Test]
    public async Task A_failed_callback_carries_the_error_price_and_segments_and_unknown_parameters_are_accepted()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var spy = new RecordingHandlers();
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()), more: s =>
        {
            s.AddSingleton<TimeProvider>(time);
            spy.Register(s);
        });
        var form = StatusForm(
            "undelivered",
            extra:
            [
                new("ErrorCode", "63016"),
                new("ErrorMessage", "Outside the allowed window"),
                new("Price", "-0.00500"),
                new("PriceUnit", "usd"),
                new("NumSegments", "1"),
                new("ChannelToAddress", "+1415555XXXX"),
                new("ChannelPrefix", "whatsapp"),
                new("SomethingTwilioAddsNextYear", "1"),
            ]);

        var result = await services.GetRequiredService<TwilioWebhookHandler>().HandleAsync(Signed(StatusUrl, form));

        Assert.That(result.Outcome, Is.EqualTo(TwilioWebhookOutcome.StatusCallback), result.Error);
        var update = spy.Updates.Single();
        Assert.Multiple(() =>
        {
            Assert.That(update.MessageId, Is.EqualTo(TestTwilio.MessageSid));
            Assert.That(update.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
            Assert.That(update.Status, Is.EqualTo(DeliveryStatus.Undelivered));
            Assert.That(update.ProviderStatus, Is.EqualTo("undelivered"));
            Assert.That(update.ErrorCode, Is.EqualTo("63016"));
            Assert.That(update.ErrorMessage, Is.EqualTo("Outside the allowed window"));
            Assert.That(update.Timestamp, Is.EqualTo(time.GetUtcNow()));
            Assert.That(update.Recipient, Is.EqualTo(TestTwilio.Recipient));
            Assert.That(update.Price, Is.EqualTo(0.005m));
            Assert.That(update.PriceCurrency, Is.EqualTo("USD"));
            Assert.That(update.Segments, Is.EqualTo(1));
        });
        var record = await services.GetRequiredService<IDeliveryTracker>().GetAsync(TestTwilio.MessageSid);
        Assert.That(record!.Status, Is.EqualTo(DeliveryStatus.Undelivered));
        Assert.That(record.ErrorCode, Is.EqualTo("63016"));
        Assert.That(record.Price, Is.EqualTo(0.005m));
    }

    [TestCase("sent", "undelivered", DeliveryStatus.Undelivered, "30003")]
    [TestCase("undelivered", "sent", DeliveryStatus.Undelivered, "30003")]
    [TestCase("sending", "failed", DeliveryStatus.Failed, "30008")]
    [TestCase("failed", "sending", DeliveryStatus.Failed, "30008")]
    [TestCase("queued", "delivered", DeliveryStatus.Delivered, null)]
    [TestCase("delivered", "queued", DeliveryStatus.Delivered, null)]
    [TestCase("read", "sent", DeliveryStatus.Read, null)]
    [TestCase("read", "delivered", DeliveryStatus.Read, null)]
    public async Task An_intermediate_status_never_undoes_a_final_one_and_a_final_one_replaces_it(string first, string second, DeliveryStatus expected, string? errorCode)
    {
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()));
        await services.GetRequiredService<IConversationWindowStore>().RecordInboundAsync(TestTwilio.Recipient, DateTimeOffset.UtcNow);
        await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, TestTwilio.Recipient, "Your meal plan is ready!");
        var handler = services.GetRequiredService<TwilioWebhookHandler>();

        foreach (var status in new[] { first, second })
        {
            KeyValuePair<string, string>[] error = TwilioWebhookMapping.ToDeliveryStatus(status) is DeliveryStatus.Failed or DeliveryStatus.Undelivered
                ? [new("ErrorCode", errorCode!)]
                : [];
            var result = await handler.HandleAsync(Signed(StatusUrl, StatusForm(status, extra: error)));
            Assert.That(result.Outcome, Is.EqualTo(TwilioWebhookOutcome.StatusCallback), result.Error);
        }

        var record = (await services.GetRequiredService<IDeliveryTracker>().GetAsync(TestTwilio.MessageSid))!;
        Assert.That(record.Status, Is.EqualTo(expected));
        Assert.That(record.ErrorCode, Is.EqualTo(errorCode));
    }

    [TestCase("queued", DeliveryStatus.Queued)]
    [TestCase("accepted", DeliveryStatus.Queued)]
    [TestCase("scheduled", DeliveryStatus.Queued)]
    [TestCase("sending", DeliveryStatus.Sent)]
    [TestCase("sent", DeliveryStatus.Sent)]
    [TestCase("delivered", DeliveryStatus.Delivered)]
    [TestCase("read", DeliveryStatus.Read)]
    [TestCase("failed", DeliveryStatus.Failed)]
    [TestCase("undelivered", DeliveryStatus.Undelivered)]
    [TestCase("canceled", DeliveryStatus.Failed)]
    [TestCase("DELIVERED", DeliveryStatus.Delivered)]
    [TestCase("partially_delivered", DeliveryStatus.Unknown)]
    [TestCase("", DeliveryStatus.Unknown)]
    [TestCase(null, DeliveryStatus.Unknown)]
    public void Twilio_status_words_map_to_delivery_statuses(string? word, DeliveryStatus expected) =>
        Assert.That(TwilioWebhookMapping.ToDeliveryStatus(word), Is.EqualTo(expected));

    [Test]
    public async Task An_unrecognised_status_is_recorded_as_Unknown_and_logged()
    {
        var spy = new RecordingHandlers();
        await using var services = TestTwilio.Services(new StubHttpHandler(), more: s =>
        {
            spy.Register(s);
            s.AddFakeLogging();
        });

        var result = await services.GetRequiredService<TwilioWebhookHandler>().HandleAsync(Signed(StatusUrl, StatusForm("teleported")));

        Assert.That(result.Outcome, Is.EqualTo(TwilioWebhookOutcome.StatusCallback));
        Assert.That(spy.Updates.Single().Status, Is.EqualTo(DeliveryStatus.Unknown));
        Assert.That(services.GetRequiredService<FakeLogCollector>().GetSnapshot().Select(r => r.Id.Id), Does.Contain(3042));
    }

    [Test]
    public async Task Missing_or_forged_signatures_are_Forbidden_and_nothing_reaches_the_pipeline()
    {
        var pipeline = Substitute.For<IInboundPipeline>();
        var processor = new TwilioWebhookProcessor(Options.Create(new TwilioWhatsAppOptions { AccountSid = TestTwilio.AccountSid, AuthToken = TestTwilio.AuthToken, From = TestTwilio.From }));
        var handler = new TwilioWebhookHandler(processor, pipeline);
        var stop = InboundForm("STOP");
        var status = StatusForm("delivered");

        var missing = await handler.HandleAsync(new TwilioWebhookRequest(InboundUrl, stop, signature: null));
        var forged = await handler.HandleAsync(new TwilioWebhookRequest(InboundUrl, stop, TwilioSignature.Compute("not-the-token", InboundUrl, stop)));
        var wrongUrl = await handler.HandleAsync(new TwilioWebhookRequest(InboundUrl, stop, TwilioSignature.Compute(TestTwilio.AuthToken, "https://elsewhere.example.com/webhooks/twilio/inbound", stop)));
        var forgedStatus = await handler.HandleAsync(new TwilioWebhookRequest(StatusUrl, status, "AAAAAAAAAAAAAAAAAAAAAAAAAAA="));

        Assert.That(missing.Outcome, Is.EqualTo(TwilioWebhookOutcome.MissingSignature));
        Assert.That(new[] { forged.Outcome, wrongUrl.Outcome, forgedStatus.Outcome }, Is.All.EqualTo(TwilioWebhookOutcome.InvalidSignature));
        Assert.That(new[] { missing, forged, wrongUrl, forgedStatus }.Select(r => r.IsForbidden), Is.All.True);
        Assert.That(new[] { missing, forged, wrongUrl, forgedStatus }.Select(r => r.PipelineResult), Is.All.Null);
        Assert.That(pipeline.ReceivedCalls(), Is.Empty);
    }

    [Test]
    public async Task A_forged_STOP_through_DI_leaves_the_opt_out_store_untouched()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        var spy = new RecordingHandlers();
        await using var services = TestTwilio.Services(stub, more: spy.Register);
        var form = InboundForm("STOP");

        var result = await services.GetRequiredService<TwilioWebhookHandler>().HandleAsync(new TwilioWebhookRequest(InboundUrl, form, TwilioSignature.Compute("forged", InboundUrl, form)));

        Assert.That(result.IsForbidden, Is.True);
        Assert.That(await services.GetRequiredService<IOptOutStore>().IsOptedOutAsync(TestTwilio.Recipient, MessagingPlatform.WhatsApp), Is.False);
        Assert.That(spy.Messages, Is.Empty);
        Assert.That(stub.Requests, Is.Empty);
    }

    [Test]
    public async Task A_correctly_signed_request_that_is_neither_kind_is_Unrecognized_and_not_processed()
    {
        var pipeline = Substitute.For<IInboundPipeline>();
        var processor = new TwilioWebhookProcessor(Options.Create(new TwilioWhatsAppOptions { AuthToken = TestTwilio.AuthToken }));
        var form = new List<KeyValuePair<string, string>> { new("Hello", "world") };

        var result = await new TwilioWebhookHandler(processor, pipeline).HandleAsync(Signed(InboundUrl, form));

        Assert.That(result.Outcome, Is.EqualTo(TwilioWebhookOutcome.Unrecognized));
        Assert.That(pipeline.ReceivedCalls(), Is.Empty);
    }

    [Test]
    public async Task A_handler_exception_propagates_so_the_endpoint_can_answer_500_and_is_logged_without_the_number()
    {
        var spy = new RecordingHandlers { Throw = new InvalidOperationException("database down") };
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()), more: s =>
        {
            spy.Register(s);
            s.AddFakeLogging();
        });
        var handler = services.GetRequiredService<TwilioWebhookHandler>();

        var inbound = Assert.ThrowsAsync<InvalidOperationException>(() => handler.HandleAsync(Signed(InboundUrl, InboundForm("hello"))));
        var status = Assert.ThrowsAsync<InvalidOperationException>(() => handler.HandleAsync(Signed(StatusUrl, StatusForm("delivered"))));

        Assert.That(inbound!.Message, Is.EqualTo("database down"));
        Assert.That(status!.Message, Is.EqualTo("database down"));
        var failures = services.GetRequiredService<FakeLogCollector>().GetSnapshot().Where(r => r.Id.Id == 3043).ToList();
        Assert.That(failures, Has.Count.EqualTo(2));
        Assert.That(failures.Select(r => r.Level), Is.All.EqualTo(LogLevel.Error));
        Assert.That(failures.Select(r => r.Exception), Is.All.InstanceOf<InvalidOperationException>());
    }

    [Test]
    public void Cancellation_is_not_logged_as_a_failure_and_propagates()
    {
        var pipeline = Substitute.For<IInboundPipeline>();
        using var cts = new CancellationTokenSource();
        pipeline.ProcessMessageAsync(Arg.Any<InboundMessage>(), Arg.Any<CancellationToken>())
            .Returns<Task<InboundResult>>(_ =>
            {
                cts.Cancel();
                throw new OperationCanceledException(cts.Token);
            });
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)));
        var processor = new TwilioWebhookProcessor(Options.Create(new TwilioWhatsAppOptions { AuthToken = TestTwilio.AuthToken }));
        var handler = new TwilioWebhookHandler(processor, pipeline, factory.CreateLogger<TwilioWebhookHandler>());

        Assert.ThrowsAsync<OperationCanceledException>(() => handler.HandleAsync(Signed(InboundUrl, InboundForm("hello")), cts.Token));
        Assert.That(collector.GetSnapshot().Where(r => r.Id.Id == 3043), Is.Empty);
    }

    [Test]
    public async Task Webhook_logs_hold_no_full_number_or_body_above_trace()
    {
        const string body = "My secret lunch is pizza";
        await using var services = TestTwilio.Services(new StubHttpHandler(_ => TestTwilio.Created()), more: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging());
        var handler = services.GetRequiredService<TwilioWebhookHandler>();

        await handler.HandleAsync(Signed(InboundUrl, InboundForm(body)));
        await handler.HandleAsync(Signed(InboundUrl, InboundForm("STOP")));
        await handler.HandleAsync(Signed(StatusUrl, StatusForm("delivered")));

        var records = services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        Assert.That(records.Select(r => r.Id.Id), Does.Contain(3040).And.Contain(3041));
        foreach (var record in records.Where(r => r.Level > LogLevel.Trace))
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            Assert.That(text, Does.Not.Contain("14155552671"), record.Message);
            Assert.That(text, Does.Not.Contain(body), record.Message);
            Assert.That(text, Does.Not.Contain(TestTwilio.AuthToken), record.Message);
        }
    }

    /// <summary>Application handlers that record what the pipeline hands them (and optionally fail).</summary>
    private sealed class RecordingHandlers : IInboundMessageHandler, IDeliveryStatusHandler
    {
        public ConcurrentQueue<InboundMessage> MessageQueue { get; } = new();

        public ConcurrentQueue<DeliveryStatusUpdate> UpdateQueue { get; } = new();

        public Exception? Throw { get; init; }

        public IReadOnlyList<InboundMessage> Messages => [.. MessageQueue];

        public IReadOnlyList<DeliveryStatusUpdate> Updates => [.. UpdateQueue];

        public void Register(IServiceCollection services)
        {
            services.AddSingleton<IInboundMessageHandler>(this);
            services.AddSingleton<IDeliveryStatusHandler>(this);
        }

        public Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
        {
            MessageQueue.Enqueue(message);
            return Throw is null ? Task.CompletedTask : Task.FromException(Throw);
        }

        public Task HandleAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
        {
            UpdateQueue.Enqueue(update);
            return Throw is null ? Task.CompletedTask : Task.FromException(Throw);
        }
    }
}
