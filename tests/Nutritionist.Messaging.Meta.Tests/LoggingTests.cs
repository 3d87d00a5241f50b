using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Meta.Tests;

/// <summary>No token, app secret, signature, full phone number or message body reaches the logs above Trace.</summary>
public class LoggingTests
{
    [Test]
    public async Task Sends_refusals_and_webhooks_log_no_secret_number_or_body()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Error(400, 131047, "Re-engagement message"));
        await using var services = TestMeta.Services(stub, more: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddFakeLogging()));
        var provider = services.GetRequiredService<IWhatsAppProvider>();

        Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new WhatsAppMessage(TestMeta.Recipient, "Private meal note")));
        Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new WhatsAppMessage(TestMeta.Recipient, "Private meal note") { MediaUrls = [new Uri("http://example.com/a.jpg")] }));
        var body = Encoding.UTF8.GetBytes(WebhookTests.Message("text", """{"body":"Private inbound note"}"""));
        var signature = TestMeta.Sign(body);
        await services.GetRequiredService<MetaWebhookProcessor>().ProcessAsync(body, signature);
        await services.GetRequiredService<MetaWebhookProcessor>().ProcessAsync(body, TestMeta.Sign(body, "wrong"));

        var lines = services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message + " " + string.Join(" ", r.StructuredState?.Select(p => p.Value) ?? [])).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Is.Not.Empty);
            foreach (var secret in new[] { TestMeta.Token, TestMeta.AppSecret, signature[7..], TestMeta.Recipient, "14155552671", "Private meal note", "Private inbound note" })
            {
                Assert.That(lines, Has.None.Contains(secret), secret);
            }
        });
    }
}
