using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Logging;

public class LogPrivacyTests
{
    private const string Number = "+12015550123";
    private const string Body = "Your meal plan is ready! secret-body-marker";

    [TestCase("+14155552671", "+1415*****71")]
    [TestCase("+447400123456", "+4474******56")]
    [TestCase("+1234567", "+*****67")]
    [TestCase("1234567", "*******")]
    [TestCase("", "(none)")]
    [TestCase(null, "(none)")]
    public void Masking_keeps_the_country_prefix_and_the_last_two_digits(string? input, string expected) =>
        Assert.That(PhoneNumberMasking.Mask(input), Is.EqualTo(expected));

    [Test]
    public async Task No_full_number_or_body_reaches_the_logs_above_trace()
    {
        using var harness = new MessagingHarness();
        harness.WhatsApp.OnSend = (_, _) => throw new MessagingException(MessagingErrorCode.InvalidRecipient, $"The 'To' number {Number} is not a valid phone number.", "21211", 400);

        await harness.Client.SendAsync(MessagingPlatform.Sms, Number, Body);
        await harness.Client.SendAsync(MessagingPlatform.WhatsApp, Number, Body);
        await harness.Client.SendAsync(MessagingPlatform.Sms, "not a number", Body);
        await harness.OptOuts.OptOutAsync(Number);
        await harness.Client.SendAsync(MessagingPlatform.Sms, Number, Body);

        var records = harness.Logs.GetSnapshot();
        var aboveTrace = records.Where(r => r.Level > LogLevel.Trace).ToList();
        Assert.That(aboveTrace, Has.Count.GreaterThanOrEqualTo(4));
        foreach (var record in aboveTrace)
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            Assert.That(text, Does.Not.Contain(Number).And.Not.Contain("2015550123").And.Not.Contain("secret-body-marker"), record.Message);
        }

        Assert.That(aboveTrace.Select(r => r.Message), Has.Some.Contains("+1201*****23"));
        Assert.That(records.Select(r => r.Message), Has.None.Contains("2015550123"), "numbers are masked even at Trace");
        Assert.That(records.Where(r => r.Level == LogLevel.Trace).Select(r => r.Message), Has.Some.Contains("secret-body-marker"), "bodies are available at Trace for debugging");
    }
}
