using Nutritionist.Messaging.Reliability;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Reliability;

public class FallbackTests
{
    private const string To = "+12015550123";

    private static MessagingHarness Harness(ChannelFallback fallback = ChannelFallback.WhatsAppToSms) => new(o =>
    {
        o.Fallback = fallback;
        o.EnforceWhatsAppSessionWindow = true;
    });

    [Test]
    public async Task A_closed_window_falls_back_to_sms_with_the_markup_removed()
    {
        using var harness = Harness();

        var result = await harness.Client.SendAsync(new OutboundMessage(To, "*Your meal plan* is _ready_!") { Platform = MessagingPlatform.WhatsApp, ClientReference = "p-1" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That(result.Platform, Is.EqualTo(MessagingPlatform.Sms));
            Assert.That(result.FallbackFrom, Is.EqualTo(MessagingPlatform.WhatsApp));
            Assert.That(result.ClientReference, Is.EqualTo("p-1"));
            Assert.That(harness.Sms.Sent.Single().Body, Is.EqualTo("Your meal plan is ready!"));
            Assert.That(harness.WhatsApp.Calls, Is.Zero);
        });
    }

    [Test]
    public async Task Without_fallback_the_closed_window_is_reported()
    {
        using var harness = Harness(ChannelFallback.None);

        var result = await harness.Client.SendAsync(new OutboundMessage(To, "Hi") { Platform = MessagingPlatform.WhatsApp });

        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));
        Assert.That(result.FallbackFrom, Is.Null);
        Assert.That(harness.Sms.Calls, Is.Zero);
    }

    [TestCase(MessagingErrorCode.InvalidRecipient, false, true)]
    [TestCase(MessagingErrorCode.ProviderUnavailable, false, true)]
    [TestCase(MessagingErrorCode.ProviderUnavailable, true, false)]
    [TestCase(MessagingErrorCode.SessionWindowClosed, false, true)]
    [TestCase(MessagingErrorCode.OptedOut, false, false)]
    [TestCase(MessagingErrorCode.Throttled, false, false)]
    public async Task Provider_failures_fall_back_exactly_when_nothing_may_have_been_sent(MessagingErrorCode code, bool mayHaveBeenSent, bool fallsBack)
    {
        using var harness = new MessagingHarness(o => o.Fallback = ChannelFallback.WhatsAppToSms);
        harness.WhatsApp.OnSend = (_, _) => throw new MessagingException(code, "no", "X", 400, isTransient: false) { MayHaveBeenSent = mayHaveBeenSent };

        var result = await harness.Client.SendAsync(new OutboundMessage(To, "Hi") { Platform = MessagingPlatform.WhatsApp });

        Assert.That(harness.Sms.Calls, Is.EqualTo(fallsBack ? 1 : 0));
        Assert.That(result.FallbackFrom, fallsBack ? Is.EqualTo(MessagingPlatform.WhatsApp) : Is.Null);
    }

    [Test]
    public async Task A_template_falls_back_to_its_sms_text_or_not_at_all()
    {
        using var harness = Harness();
        const string sid = "HXb5b62575e6e4ff6129ad7c8efe1f983e";
        harness.WhatsApp.OnSend = (_, _) => throw new MessagingException(MessagingErrorCode.InvalidRecipient, "63003", "63003", 400);

        var withText = await harness.Client.SendAsync(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, Template = new WhatsAppTemplate(sid) { SmsFallbackText = "Your plan is ready" } });
        var withoutText = await harness.Client.SendAsync(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, Template = new WhatsAppTemplate(sid) });

        Assert.That(withText.Platform, Is.EqualTo(MessagingPlatform.Sms));
        Assert.That(harness.Sms.Sent.Single().Body, Is.EqualTo("Your plan is ready"));
        Assert.That(withoutText.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
        Assert.That(withoutText.Error!.Code, Is.EqualTo(MessagingErrorCode.InvalidRecipient));
    }

    [Test]
    public async Task An_interactive_message_falls_back_to_its_sms_text_or_not_at_all()
    {
        // Interactive messages are free-form: outside the 24-hour window they cannot go on WhatsApp.
        using var harness = Harness();
        var buttons = new WhatsAppReplyButtons("Did you follow today's plan?", [new("yes", "Yes"), new("no", "No")]);

        var withText = await harness.Client.SendAsync(new OutboundMessage(To)
        {
            Platform = MessagingPlatform.WhatsApp,
            Interactive = new WhatsAppReplyButtons(buttons.Body, buttons.Buttons) { SmsFallbackText = "Did you follow today's plan? Reply YES or NO" },
        });
        var withoutText = await harness.Client.SendAsync(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, Interactive = buttons });

        Assert.That(withText.Platform, Is.EqualTo(MessagingPlatform.Sms));
        Assert.That(harness.Sms.Sent.Single().Body, Is.EqualTo("Did you follow today's plan? Reply YES or NO"));
        Assert.That(withoutText.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
        Assert.That(withoutText.Error!.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));
        Assert.That(harness.WhatsApp.Calls, Is.Zero);
    }

    [Test]
    public async Task The_sms_opt_out_list_is_checked_again_for_the_fallback()
    {
        using var harness = Harness();
        await harness.OptOuts.OptOutAsync(To, MessagingPlatform.Sms);

        var result = await harness.Client.SendAsync(new OutboundMessage(To, "Hi") { Platform = MessagingPlatform.WhatsApp });

        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(result.Platform, Is.EqualTo(MessagingPlatform.Sms));
        Assert.That(result.FallbackFrom, Is.EqualTo(MessagingPlatform.WhatsApp));
        Assert.That(harness.Sms.Calls + harness.WhatsApp.Calls, Is.Zero);
    }
}
