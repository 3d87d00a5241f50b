using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

public class LoggingTests
{
    [Test]
    public async Task Logs_hold_no_full_number_no_secret_and_the_body_only_at_trace()
    {
        const string body = "Secret lunch plan body";
        var stub = new StubHttpHandler(r => r.BodyText.Contains("fail", StringComparison.Ordinal)
            ? TestTwilio.Error(21211, 400, "The 'To' number +14155552671 is not a valid phone number.")
            : TestTwilio.Created());
        await using var services = TestTwilio.Services(stub, TestTwilio.Valid, s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging());
        await services.GetRequiredService<Nutritionist.Messaging.Inbound.IConversationWindowStore>().RecordInboundAsync(TestTwilio.Recipient, DateTimeOffset.UtcNow);
        var client = services.GetRequiredService<IMessagingClient>();

        await client.SendAsync(MessagingPlatform.WhatsApp, TestTwilio.Recipient, body);
        await client.SendAsync(MessagingPlatform.WhatsApp, TestTwilio.Recipient, "please fail");

        var records = services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        Assert.That(records.Where(r => r.Category?.StartsWith("Nutritionist.Messaging.Twilio", StringComparison.Ordinal) == true), Is.Not.Empty);
        foreach (var record in records)
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            Assert.That(text, Does.Not.Contain(TestTwilio.AuthToken));
            var ours = record.Category?.StartsWith("Nutritionist.Messaging.Twilio", StringComparison.Ordinal) == true;
            if (ours || record.Level > LogLevel.Trace)
            {
                // (The core router's own Trace body line, event 1004, carries the full number; that one is the core's.)
                Assert.That(text, Does.Not.Contain("14155552671"), record.Message);
            }

            if (record.Level > LogLevel.Trace)
            {
                Assert.That(text, Does.Not.Contain(body), record.Message);
            }
        }

        Assert.That(records.Where(r => r.Id.Id is >= 3000 and < 3100).Select(r => r.Id.Id), Does.Contain(3000).And.Contain(3002).And.Contain(3003));
    }

    [Test]
    public async Task A_message_the_provider_refuses_before_sending_is_logged_with_the_number_masked()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub, TestTwilio.Valid, s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging());
        var provider = services.GetRequiredService<IWhatsAppProvider>();

        var e = Assert.ThrowsAsync<MessagingException>(() =>
            provider.SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi") { StatusCallback = new Uri("ftp://example.com/status") }));

        var invalid = services.GetRequiredService<FakeLogCollector>().GetSnapshot().Where(r => r.Id.Id == 3004).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(stub.Requests, Is.Empty, "nothing was sent");
            Assert.That(invalid, Has.Count.EqualTo(1));
            Assert.That(invalid[0].Message, Does.Not.Contain("14155552671"));
            Assert.That(invalid[0].Message, Does.Contain("StatusCallback"));
        });
    }
}
