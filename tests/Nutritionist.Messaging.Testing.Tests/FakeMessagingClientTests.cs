using Nutritionist.Messaging.PhoneNumbers;

namespace Nutritionist.Messaging.Testing.Tests;

public class FakeMessagingClientTests
{
    private const string Person = "+14155552671";

    [Test]
    public async Task By_default_every_readable_number_is_accepted_with_a_generated_id_and_recorded()
    {
        var fake = new FakeMessagingClient(defaultRegion: "US");

        var sms = await fake.SendAsync(MessagingPlatform.Sms, "(415) 555-2671", "Your meal plan is ready!");
        var whatsApp = await fake.SendAsync(new OutboundMessage("whatsapp:+14155552671", "Lunch?") { Platform = MessagingPlatform.WhatsApp, ClientReference = "order-7" });

        Assert.That(sms.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(sms.MessageId, Is.EqualTo("fake-sms-000001"));
        Assert.That(sms.Recipient, Is.EqualTo(Person));
        Assert.That(sms.ProviderName, Is.EqualTo(FakeMessagingClient.ProviderName));
        Assert.That(whatsApp.MessageId, Is.EqualTo("fake-whatsapp-000002"));
        Assert.That(whatsApp.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
        Assert.That(whatsApp.ClientReference, Is.EqualTo("order-7"));

        var sent = fake.Sent;
        Assert.That(sent, Has.Count.EqualTo(2));
        Assert.That(sent[0].Body, Is.EqualTo("Your meal plan is ready!"));
        Assert.That(sent[0].Recipient, Is.EqualTo(Person));
        Assert.That(sent[0].Platform, Is.EqualTo(MessagingPlatform.Sms));
        Assert.That(sent[0].Result, Is.SameAs(sms));
        Assert.That(sent[1].Message.To, Is.EqualTo("whatsapp:+14155552671"), "the message is kept as the application passed it");
        Assert.That(sent.Select(s => s.Sequence), Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(fake.SentTo("+1 415-555-2671"), Has.Count.EqualTo(2));
        Assert.That(fake.Accepted, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_number_that_cannot_be_read_is_rejected_like_the_real_router_does()
    {
        var fake = new FakeMessagingClient();

        var result = await fake.SendAsync(MessagingPlatform.Sms, "555-2671", "hi");

        Assert.That(result.Status, Is.EqualTo(SendStatus.Rejected));
        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.InvalidRecipient));
        Assert.That(fake.Sent.Single().Result, Is.SameAs(result));
        Assert.That(fake.Accepted, Is.Empty);
    }

    [Test]
    public async Task A_recipient_script_applies_to_every_spelling_of_the_number()
    {
        var fake = new FakeMessagingClient(defaultRegion: "US")
            .ScriptRecipient("(415) 555-2671", MessagingErrorCode.OptedOut, "The person replied STOP.");

        var plain = await fake.SendAsync(MessagingPlatform.Sms, Person, "a");
        var whatsApp = await fake.SendAsync(MessagingPlatform.WhatsApp, "whatsapp:+14155552671", "b");
        var other = await fake.SendAsync(MessagingPlatform.Sms, "+14155550100", "c");

        Assert.That(plain.Status, Is.EqualTo(SendStatus.Rejected));
        Assert.That(plain.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(plain.Error.Message, Is.EqualTo("The person replied STOP."));
        Assert.That(plain.Recipient, Is.EqualTo(Person));
        Assert.That(whatsApp.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(other.IsSuccess, Is.True);
        Assert.That(fake.Sent, Has.Count.EqualTo(3), "refused messages are recorded too");
    }

    [Test]
    public async Task A_recipient_script_can_build_any_result_from_the_message()
    {
        var fake = new FakeMessagingClient().ScriptRecipient(Person, m => new SendResult
        {
            Status = SendStatus.Accepted,
            Platform = m.Platform ?? MessagingPlatform.Sms,
            MessageId = "SM-custom",
            Recipient = Person,
            ClientReference = m.ClientReference,
        });

        var result = await fake.SendAsync(new OutboundMessage(Person, "hi") { ClientReference = "ref-1" });

        Assert.That(result.MessageId, Is.EqualTo("SM-custom"));
        Assert.That(result.ClientReference, Is.EqualTo("ref-1"));
    }

    [Test]
    public async Task A_platform_script_applies_to_its_platform_and_recipient_scripts_win_over_it()
    {
        var fake = new FakeMessagingClient(defaultPlatform: MessagingPlatform.WhatsApp)
            .ScriptPlatform(MessagingPlatform.WhatsApp, MessagingErrorCode.SessionWindowClosed)
            .ScriptRecipient("+14155550100", m => new SendResult { Status = SendStatus.Accepted, Platform = MessagingPlatform.WhatsApp, MessageId = "vip" });

        var byDefault = await fake.SendAsync(new OutboundMessage(Person, "no platform named"));
        var sms = await fake.SendAsync(MessagingPlatform.Sms, Person, "sms still works");
        var vip = await fake.SendAsync(MessagingPlatform.WhatsApp, "+14155550100", "vip");

        Assert.That(byDefault.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
        Assert.That(byDefault.Error!.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));
        Assert.That(sms.IsSuccess, Is.True);
        Assert.That(vip.MessageId, Is.EqualTo("vip"));
    }

    [Test]
    public async Task FailNext_fails_the_next_messages_then_normal_outcomes_resume()
    {
        var fake = new FakeMessagingClient()
            .FailNext(MessagingErrorCode.Throttled, count: 2)
            .FailNext(MessagingErrorCode.Unknown);

        var results = new List<SendResult>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await fake.SendAsync(MessagingPlatform.Sms, Person, "hi"));
        }

        Assert.That(results.Select(r => r.Status), Is.EqualTo(new[] { SendStatus.Failed, SendStatus.Failed, SendStatus.Unknown, SendStatus.Accepted }));
        Assert.That(results[0].Error!.Code, Is.EqualTo(MessagingErrorCode.Throttled));
        Assert.That(results[0].Error!.IsTransient, Is.True);
        Assert.That(results[0].Error!.Message, Does.Contain("Throttled"));
        Assert.That(results[2].Error!.IsTransient, Is.False);
        Assert.That(() => results[0].EnsureSuccess(), Throws.InstanceOf<MessagingException>().With.Property(nameof(MessagingException.Code)).EqualTo(MessagingErrorCode.Throttled));
    }

    [TestCase(MessagingErrorCode.InvalidRecipient, SendStatus.Rejected)]
    [TestCase(MessagingErrorCode.InvalidMessage, SendStatus.Rejected)]
    [TestCase(MessagingErrorCode.OptedOut, SendStatus.Rejected)]
    [TestCase(MessagingErrorCode.SessionWindowClosed, SendStatus.Rejected)]
    [TestCase(MessagingErrorCode.PriceOverThreshold, SendStatus.Rejected)]
    [TestCase(MessagingErrorCode.Throttled, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.QuotaExceeded, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.AuthenticationFailed, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.AccessDenied, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.ProviderUnavailable, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.NotConfigured, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.Unknown, SendStatus.Unknown)]
    public async Task Each_error_code_gets_the_status_the_router_would_give(MessagingErrorCode code, SendStatus expected)
    {
        var fake = new FakeMessagingClient().FailNext(code);

        var result = await fake.SendAsync(MessagingPlatform.Sms, Person, "hi");

        Assert.That(result.Status, Is.EqualTo(expected));
        Assert.That(result.Error!.Code, Is.EqualTo(code));
    }

    [Test]
    public async Task Clear_forgets_messages_scripts_and_pending_failures()
    {
        var fake = new FakeMessagingClient()
            .ScriptRecipient(Person, MessagingErrorCode.OptedOut)
            .ScriptPlatform(MessagingPlatform.Sms, MessagingErrorCode.Throttled)
            .FailNext(MessagingErrorCode.AccessDenied);
        await fake.SendAsync(MessagingPlatform.Sms, Person, "hi");

        fake.Clear();
        var after = await fake.SendAsync(MessagingPlatform.Sms, Person, "hi again");

        Assert.That(after.IsSuccess, Is.True);
        Assert.That(after.MessageId, Is.EqualTo("fake-sms-000002"), "ids keep counting, so they stay unique");
        Assert.That(fake.Sent.Single().Body, Is.EqualTo("hi again"));
    }

    [Test]
    public async Task ClearScript_removes_one_recipients_script()
    {
        var fake = new FakeMessagingClient().ScriptRecipient(Person, MessagingErrorCode.OptedOut);

        fake.ClearScript("whatsapp:" + Person);

        Assert.That((await fake.SendAsync(MessagingPlatform.Sms, Person, "hi")).IsSuccess, Is.True);
    }

    [Test]
    public async Task A_custom_normalizer_decides_what_the_same_recipient_is()
    {
        var fake = new FakeMessagingClient(new PhoneNumberNormalizer("GB")).ScriptRecipient("07400 123456", MessagingErrorCode.OptedOut);

        var result = await fake.SendAsync(MessagingPlatform.Sms, "+447400123456", "hi");

        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
    }

    [Test]
    public void Misuse_throws_standard_argument_exceptions_and_cancellation_records_nothing()
    {
        var fake = new FakeMessagingClient();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(() => fake.SendAsync(null!), Throws.ArgumentNullException);
        Assert.That(() => fake.ScriptRecipient(null!, MessagingErrorCode.OptedOut), Throws.ArgumentNullException);
        Assert.That(() => fake.ScriptPlatform(MessagingPlatform.Sms, (Func<OutboundMessage, SendResult>)null!), Throws.ArgumentNullException);
        Assert.That(() => fake.FailNext(MessagingErrorCode.Throttled, count: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => fake.SendAsync(new OutboundMessage(Person, "hi"), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(() => fake.ScriptRecipient(Person, _ => null!).SendAsync(new OutboundMessage(Person, "hi")), Throws.InvalidOperationException);
        Assert.That(fake.Sent, Is.Empty);
    }

    [Test]
    public async Task Concurrent_sends_are_all_recorded_with_unique_ids()
    {
        var fake = new FakeMessagingClient().FailNext(MessagingErrorCode.Throttled, count: 50);

        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() => fake.SendAsync(MessagingPlatform.Sms, Person, "n" + i))));

        Assert.That(fake.Sent, Has.Count.EqualTo(500));
        Assert.That(results.Count(r => r.Status == SendStatus.Failed), Is.EqualTo(50));
        Assert.That(results.Where(r => r.IsSuccess).Select(r => r.MessageId).Distinct().Count(), Is.EqualTo(450));
        Assert.That(fake.Sent.Select(s => s.Sequence).Distinct().Count(), Is.EqualTo(500));
    }
}
