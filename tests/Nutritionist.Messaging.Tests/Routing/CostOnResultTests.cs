using Nutritionist.Messaging.Costs;
using Nutritionist.Messaging.Segments;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Routing;

public class CostOnResultTests
{
    [Test]
    public async Task Accepted_sms_carries_its_segments_and_estimated_cost()
    {
        using var harness = new MessagingHarness();

        var gsm = await harness.Client.SendAsync(MessagingPlatform.Sms, "+12015550123", new string('a', 161));
        var emoji = await harness.Client.SendAsync(MessagingPlatform.Sms, "+447400123456", "Your plan is ready 🥗");

        Assert.Multiple(() =>
        {
            Assert.That(gsm.Segments, Is.EqualTo(2));
            Assert.That(gsm.EstimatedCost!.Encoding, Is.EqualTo(SmsEncoding.Gsm7));
            Assert.That(gsm.EstimatedCost.RegionCode, Is.EqualTo("US"));
            Assert.That(gsm.EstimatedCost.EstimatedCost, Is.EqualTo(2 * gsm.EstimatedCost.UnitPrice));
            Assert.That(emoji.Segments, Is.EqualTo(1));
            Assert.That(emoji.EstimatedCost!.Encoding, Is.EqualTo(SmsEncoding.Ucs2));
            Assert.That(emoji.EstimatedCost.RegionCode, Is.EqualTo("GB"));
            Assert.That(emoji.EstimatedCost.PriceSource, Is.EqualTo(MessagePriceSource.Region));
        });
    }

    [Test]
    public async Task WhatsApp_results_carry_a_per_message_estimate_and_no_segments()
    {
        using var harness = new MessagingHarness();

        var result = await harness.Client.SendAsync(MessagingPlatform.WhatsApp, "+12015550123", "Hi");

        Assert.That(result.Segments, Is.Null);
        Assert.That(result.EstimatedCost!.BillingUnit, Is.EqualTo(MessageBillingUnit.WhatsAppMessage));
    }

    [Test]
    public async Task Rejected_results_carry_no_cost()
    {
        using var harness = new MessagingHarness();

        var result = await harness.Client.SendAsync(MessagingPlatform.Sms, "bad", "Hi");

        Assert.That(result.EstimatedCost, Is.Null);
        Assert.That(result.Segments, Is.Null);
    }
}
