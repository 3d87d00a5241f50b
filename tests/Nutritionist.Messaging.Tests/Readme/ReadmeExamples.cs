using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Bulk;
using Nutritionist.Messaging.Costs;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Formatting;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Reliability;
using Nutritionist.Messaging.Segments;
using Nutritionist.Messaging.Telemetry;

namespace Nutritionist.Messaging.Tests.Readme;

// Every ```csharp block in README.md must appear verbatim (white space aside) in a ReadmeExamples*.cs file, so the
// README's examples are compiled and, here, run. ReadmeTests checks that.
public class ReadmeExamples
{
    [Test]
    public void Phone_numbers()
    {
        var normalizer = new PhoneNumberNormalizer(defaultRegion: "GB");
        PhoneNumberInfo number = normalizer.Normalize("07400 123456");
        // number.E164 == "+447400123456", number.RegionCode == "GB", number.Kind == PhoneNumberKind.Mobile
        PhoneNumberInfo bad = normalizer.Normalize("+1 201");
        // bad.IsValid == false, bad.Error == PhoneNumberError.TooShort

        Assert.That((number.E164, number.RegionCode, number.Kind), Is.EqualTo(("+447400123456", "GB", PhoneNumberKind.Mobile)));
        Assert.That((bad.IsValid, bad.Error), Is.EqualTo((false, PhoneNumberError.TooShort)));
    }

    [Test]
    public void Handlers()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddInboundMessageHandler<MealPlanReplyHandler>()
            .AddDeliveryStatusHandler<DeliveryAuditHandler>();

        Assert.That(services.Any(d => d.ImplementationType == typeof(MealPlanReplyHandler)), Is.True);
    }

    [Test]
    public void Reliability_options()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o =>
        {
            o.DefaultRegion = "US";
            o.Retry.MaxAttempts = 4;
            o.Retry.TotalBudget = TimeSpan.FromSeconds(20);
            o.RateLimits.SmsMessagesPerSecond = 20;
            o.RateLimits.WhatsAppMessagesPerSecond = 80;
            o.Fallback = ChannelFallback.WhatsAppToSms;
        });
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MessagingOptions>>().Value;
        Assert.That(options.Fallback, Is.EqualTo(ChannelFallback.WhatsAppToSms));
    }

    [Test]
    public async Task Bulk_sending()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddSmsProvider(_ => new ConsoleSmsProvider());
        using var provider = services.BuildServiceProvider();
        var messaging = provider.GetRequiredService<IMessagingClient>();
        var subscribers = Enumerable.Range(0, 500).Select(i => (Phone: i < 497 ? $"+1201555{i:0000}" : "not a number", Id: $"user-{i}"));

        var batch = subscribers.Select(s => new OutboundMessage(s.Phone, "Your weekly meal plan is ready!") { ClientReference = s.Id });
        BulkSendResult bulk = await messaging.SendManyAsync(batch, new BulkSendOptions { MaxConcurrency = 16 },
            new Progress<BulkSendProgress>(p => Console.Write($"\r{p.Completed}/{p.Total}")));
        Console.WriteLine(bulk.Summary); // "500 messages: 497 accepted, 3 rejected, 0 failed, 0 unknown, 0 not started"

        Assert.That(bulk.Summary.ToString(), Is.EqualTo("500 messages: 497 accepted, 3 rejected, 0 failed, 0 unknown, 0 not started"));
    }

    [Test]
    public void Segments()
    {
        SmsSegmentInfo plain = SmsSegments.Calculate("Your meal plan is ready!");   // Gsm7, 1 segment, 24 septets
        SmsSegmentInfo emoji = SmsSegments.Calculate("Your meal plan is ready 🥗");  // Ucs2, 1 segment, 26 code units
        IReadOnlyList<string> culprits = emoji.GetNonGsmCharacters();               // ["🥗"]
        string gsm = SmsSegments.ApplySmartEncoding("“Smart” quotes — and dashes");  // "\"Smart\" quotes - and dashes"

        Assert.That((plain.Encoding, plain.Segments, plain.UnitsUsed), Is.EqualTo((SmsEncoding.Gsm7, 1, 24)));
        Assert.That((emoji.Encoding, emoji.Segments, emoji.UnitsUsed), Is.EqualTo((SmsEncoding.Ucs2, 1, 26)));
        Assert.That(culprits, Is.EqualTo(new[] { "🥗" }));
        Assert.That(gsm, Is.EqualTo("\"Smart\" quotes - and dashes"));
    }

    [Test]
    public void Cost_comparison()
    {
        var month = new MessagingVolume()
            .AddSms("US", 10_000)
            .AddWhatsApp("US", WhatsAppMessageCategory.Utility, 5_000);
        MessagingCostComparisonResult costs = new MessagingCostComparison().Compare(month);
        MessagingCostScenario hybrid = costs.Scenario(MessagingCostComparison.Hybrid);
        Console.WriteLine($"{hybrid.Total} {costs.Currency} a month, {hybrid.SavingsFractionVsTwilioOnly:P1} less than Twilio only (prices of {costs.PricesAsOf})");
        // 103.10 USD: SMS 10,000 x 0.00581 on AWS + WhatsApp 5,000 x (0.005 Twilio fee + 0.0040 Meta US utility); Twilio only is 128.00

        Assert.That(hybrid.Total, Is.EqualTo(103.10m));
        Assert.That(costs.Scenario(MessagingCostComparison.TwilioOnly).Total, Is.EqualTo(128.00m));
    }

    [Test]
    public async Task Statistics()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddSmsProvider(_ => new ConsoleSmsProvider());
        using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi");

        MessagingStatisticsSnapshot snapshot = provider.GetRequiredService<IMessagingStatistics>().GetSnapshot();
        foreach (PlatformStatistics p in snapshot.Platforms)
        {
            Console.WriteLine($"{p.Platform}: {p.Sent} sent, {p.DeliveryRate:P0} delivered, {p.EstimatedSpend:0.00} {p.Currency} estimated");
        }

        Assert.That(snapshot[MessagingPlatform.Sms].Sent, Is.EqualTo(1));
    }

    [Test]
    public void Formatting()
    {
        string text = WhatsAppFormatting.Bold("Today") + "\n" + WhatsAppFormatting.BulletList("Oats", "Berries", "Greek yoghurt");
        string sms = WhatsAppFormatting.ToPlainText(text); // "Today\n- Oats\n- Berries\n- Greek yoghurt"

        Assert.That(sms, Is.EqualTo("Today\n- Oats\n- Berries\n- Greek yoghurt"));
    }

    public sealed class MealPlanReplyHandler : IInboundMessageHandler
    {
        public Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
        {
            Console.WriteLine($"{message.Platform} reply {message.ProviderMessageId}: {message.Body.Length} characters");
            return Task.CompletedTask;
        }
    }

    private sealed class DeliveryAuditHandler : IDeliveryStatusHandler
    {
        public Task HandleAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class ConsoleSmsProvider : ISmsProvider
    {
        public string Name => "console";

        public Task<ProviderReceipt> SendAsync(SmsMessage message, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ProviderReceipt(Guid.NewGuid().ToString("N")));
    }
}
