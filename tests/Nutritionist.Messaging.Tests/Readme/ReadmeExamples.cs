using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.PhoneNumbers;

namespace Nutritionist.Messaging.Tests.Readme;

// Every ```csharp block in README.md must appear verbatim (white space aside) in a ReadmeExamples*.cs file, so the
// README's examples are compiled and, here, run. ReadmeTests checks that.
public class ReadmeExamples
{
    [Test]
    public async Task First_message()
    {
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddSmsProvider(_ => new ConsoleSmsProvider());
        using var provider = services.BuildServiceProvider();

        var messaging = provider.GetRequiredService<IMessagingClient>();
        SendResult result = await messaging.SendAsync(MessagingPlatform.Sms, "(415) 555-2671", "Your meal plan is ready!");

        Console.WriteLine(result.IsSuccess
            ? $"Accepted as {result.MessageId} for {result.Recipient}"
            : $"{result.Status}: {result.Error}");

        Assert.That(result.Recipient, Is.EqualTo("+14155552671"));
    }

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
