using Microsoft.Extensions.Options;


namespace Nutritionist.Messaging.Twilio.Tests;

/// <summary>Property-style sweep of the webhook processor: random forms, URLs and signatures never throw.</summary>
public class WebhookSweepTests
{
    private static readonly string[] Keys = ["From", "To", "Body", "MessageSid", "NumMedia", "MediaUrl0", "MediaContentType0", "MessageStatus", "ErrorCode", "WaId", "ProfileName", "ButtonPayload", "AccountSid", "X"];

    [Test]
    public void Random_requests_never_throw_and_signed_ones_are_parsed_or_named()
    {
        var options = Options.Create(new TwilioWhatsAppOptions { AccountSid = TestTwilio.AccountSid, AuthToken = TestTwilio.AuthToken, From = TestTwilio.From });
        var processor = new TwilioWebhookProcessor(options);
        var random = new Random(9);
        var outcomes = new HashSet<TwilioWebhookOutcome>();
        for (var i = 0; i < 3000; i++)
        {
            var form = Enumerable.Range(0, random.Next(0, 8))
                .Select(_ => new KeyValuePair<string, string>(Keys[random.Next(Keys.Length)], RandomValue(random)))
                .ToList();
            var url = random.Next(10) == 0 ? "not a url " + i : "https://example.com/webhooks/twilio/inbound?x=" + i;
            var signature = random.Next(2) == 0 && Uri.IsWellFormedUriString(url, UriKind.Absolute)
                ? TwilioSignature.Compute(TestTwilio.AuthToken, url, form)
                : random.Next(2) == 0 ? null : RandomValue(random);

            TwilioWebhookResult result = null!;
            Assert.That(() => result = processor.Process(new TwilioWebhookRequest(url, form, signature)), Throws.Nothing);
            outcomes.Add(result.Outcome);
        }

        Assert.That(outcomes, Is.SupersetOf(new[] { TwilioWebhookOutcome.MissingSignature, TwilioWebhookOutcome.InvalidSignature, TwilioWebhookOutcome.Unrecognized }));
    }

    private static string RandomValue(Random random) => random.Next(6) switch
    {
        0 => "whatsapp:+1415555" + random.Next(1000, 9999),
        1 => random.Next(-5, 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => "https://api.twilio.com/media/" + random.Next(),
        3 => string.Empty,
        4 => new string((char)random.Next(0, 0xD7FF), random.Next(0, 5)),
        _ => "SM" + Guid.NewGuid().ToString("N"),
    };
}
