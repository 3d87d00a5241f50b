using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

public class WebhookTests
{
    private const string Token = "12345";

    [Test]
    public void Every_reference_signature_vector_gives_its_expected_answer()
    {
        using var file = JsonDocument.Parse(ReferenceData.ReadText("twilio/signature-vectors.json"));
        var vectors = file.RootElement.GetProperty("vectors").EnumerateArray().ToList();
        Assert.That(vectors, Has.Count.EqualTo(27));

        Assert.Multiple(() =>
        {
            foreach (var vector in vectors)
            {
                var name = vector.GetProperty("name").GetString();
                var url = vector.GetProperty("url").GetString()!;
                var parameters = vector.GetProperty("params").EnumerateArray()
                    .Select(p => new KeyValuePair<string, string>(p[0].GetString()!, p[1].GetString()!)).ToList();
                var rawBody = vector.TryGetProperty("rawBody", out var body) ? body.GetString() : null;
                var expected = vector.GetProperty("expectValid").GetBoolean();

                var valid = TwilioSignature.IsValid(vector.GetProperty("authToken").GetString()!, url, parameters, vector.GetProperty("expectedSignature").GetString(), rawBody);
                Assert.That(valid, Is.EqualTo(expected), name);

                // The processor gives the same answer, as a result value.
                var result = Processor(vector.GetProperty("authToken").GetString()!).Process(new TwilioWebhookRequest(url, parameters, vector.GetProperty("expectedSignature").GetString()) { JsonBody = rawBody });
                Assert.That(result.Outcome == TwilioWebhookOutcome.InvalidSignature, Is.EqualTo(!expected), name);

                if (vector.TryGetProperty("stringToSign", out var stringToSign) && expected)
                {
                    Assert.That(TwilioSignature.Compute(Token, stringToSign.GetString()!, null), Is.EqualTo(vector.GetProperty("expectedSignature").GetString()), name + " (stringToSign)");
                }
            }
        });
    }

    [Test]
    public void A_tampered_json_body_fails_even_with_a_good_url_signature()
    {
        const string url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        Assert.That(TwilioSignature.IsValid(Token, url, [], "a9nBmqA0ju/hNViExpshrM61xv4=", """{"property": "value", "boolean": false}"""), Is.False);
        Assert.That(TwilioSignature.IsValid(Token, url, [], "a9nBmqA0ju/hNViExpshrM61xv4=", """{"property": "value", "boolean": true}"""), Is.True);
        Assert.That(TwilioSignature.IsValid(Token, url, [], "a9nBmqA0ju/hNViExpshrM61xv4=", jsonBody: null), Is.False, "a bodySHA256 URL without its body");
    }

    [Test]
    public void Inbound_whatsapp_message_is_parsed_with_media_buttons_and_unknown_parameters()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        const string url = "https://hooks.example.com/webhooks/twilio/inbound";
        var form = new List<KeyValuePair<string, string>>
        {
            new("SmsMessageSid", "SM11111111111111111111111111111111"),
            new("NumMedia", "1"),
            new("ProfileName", "Ada"),
            new("MessageType", "image"),
            new("SmsSid", "SM11111111111111111111111111111111"),
            new("WaId", "14155552671"),
            new("SmsStatus", "received"),
            new("Body", "Here is my lunch"),
            new("To", "whatsapp:+14155238886"),
            new("NumSegments", "1"),
            new("ReferralNumMedia", "0"),
            new("MessageSid", "SM11111111111111111111111111111111"),
            new("AccountSid", TestTwilio.AccountSid),
            new("From", "whatsapp:+14155552671"),
            new("MediaContentType0", "image/jpeg"),
            new("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1"),
            new("ButtonPayload", "LUNCH_DONE"),
            new("ButtonText", "Done"),
            new("OriginalRepliedMessageSid", TestTwilio.MessageSid),
            new("SomeFutureParameter", "whatever"),
            new("ApiVersion", "2010-04-01"),
        };
        var processor = Processor(Token, time: time);

        var result = processor.Process(new TwilioWebhookRequest(url, form, TwilioSignature.Compute(Token, url, form)));

        Assert.That(result.Outcome, Is.EqualTo(TwilioWebhookOutcome.InboundMessage), result.Error);
        Assert.That(result.IsAccepted, Is.True);
        var message = result.InboundMessage!;
        Assert.That(message.MessageSid, Is.EqualTo("SM11111111111111111111111111111111"));
        Assert.That(message.From, Is.EqualTo("+14155552671"));
        Assert.That(message.To, Is.EqualTo("+14155238886"));
        Assert.That(message.IsWhatsApp, Is.True);
        Assert.That(message.Body, Is.EqualTo("Here is my lunch"));
        Assert.That(message.Media, Is.EqualTo(new[] { new TwilioInboundMedia(new Uri("https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1"), "image/jpeg") }));
        Assert.That(message.ProfileName, Is.EqualTo("Ada"));
        Assert.That(message.WaId, Is.EqualTo("14155552671"));
        Assert.That(message.ButtonPayload, Is.EqualTo("LUNCH_DONE"));
        Assert.That(message.ButtonText, Is.EqualTo("Done"));
        Assert.That(message.OriginalRepliedMessageSid, Is.EqualTo(TestTwilio.MessageSid));
        Assert.That(message.AccountSid, Is.EqualTo(TestTwilio.AccountSid));
        Assert.That(message.ReceivedAt, Is.EqualTo(time.GetUtcNow()));
        Assert.That(message.Parameters, Does.Contain(new KeyValuePair<string, string>("SomeFutureParameter", "whatever")));
    }

    [Test]
    public void Status_callback_is_parsed()
    {
        const string url = "https://hooks.example.com/webhooks/twilio/status";
        var form = new List<KeyValuePair<string, string>>
        {
            new("MessageSid", TestTwilio.MessageSid),
            new("SmsSid", TestTwilio.MessageSid),
            new("MessageStatus", "undelivered"),
            new("SmsStatus", "undelivered"),
            new("ErrorCode", "63016"),
            new("AccountSid", TestTwilio.AccountSid),
            new("From", "whatsapp:+14155238886"),
            new("To", "whatsapp:+14155552671"),
            new("ChannelToAddress", "+1415555XXXX"),
            new("ApiVersion", "2010-04-01"),
        };

        var result = Processor(Token).Process(new TwilioWebhookRequest(url, form, TwilioSignature.Compute(Token, url, form)));

        Assert.That(result.Outcome, Is.EqualTo(TwilioWebhookOutcome.StatusCallback), result.Error);
        var callback = result.StatusCallback!;
        Assert.That(callback.MessageSid, Is.EqualTo(TestTwilio.MessageSid));
        Assert.That(callback.MessageStatus, Is.EqualTo("undelivered"));
        Assert.That(callback.ErrorCode, Is.EqualTo("63016"));
        Assert.That(callback.To, Is.EqualTo("+14155552671"));
        Assert.That(callback.From, Is.EqualTo("+14155238886"));
    }

    [Test]
    public void Missing_and_wrong_signatures_are_specific_results_not_exceptions()
    {
        const string url = "https://hooks.example.com/webhooks/twilio/inbound";
        var form = new List<KeyValuePair<string, string>> { new("MessageSid", "SM1"), new("From", "whatsapp:+14155552671"), new("Body", "hi") };
        var processor = Processor(Token);

        var missing = processor.Process(new TwilioWebhookRequest(url, form, null));
        var wrong = processor.Process(new TwilioWebhookRequest(url, form, TwilioSignature.Compute("other-token", url, form)));
        var tampered = processor.Process(new TwilioWebhookRequest(url, [.. form, new("Body", "extra")], TwilioSignature.Compute(Token, url, form)));

        Assert.That(missing.Outcome, Is.EqualTo(TwilioWebhookOutcome.MissingSignature));
        Assert.That(wrong.Outcome, Is.EqualTo(TwilioWebhookOutcome.InvalidSignature));
        Assert.That(tampered.Outcome, Is.EqualTo(TwilioWebhookOutcome.InvalidSignature));
        Assert.That(new[] { missing, wrong, tampered }, Has.All.Matches<TwilioWebhookResult>(r => r.IsForbidden && !r.IsAccepted && r.InboundMessage is null));
    }

    [Test]
    public void Behind_a_proxy_the_configured_public_base_url_is_what_is_checked()
    {
        const string publicUrl = "https://hooks.example.com/api/webhooks/twilio?tenant=7";
        var form = new List<KeyValuePair<string, string>> { new("MessageSid", "SM1"), new("From", "whatsapp:+14155552671"), new("Body", "hi") };
        var signature = TwilioSignature.Compute(Token, publicUrl, form);
        var seenByHost = new TwilioWebhookRequest("http://10.0.0.5:8080/webhooks/twilio?tenant=7", form, signature);

        Assert.That(Processor(Token).Process(seenByHost).Outcome, Is.EqualTo(TwilioWebhookOutcome.InvalidSignature));
        Assert.That(Processor(Token, new Uri("https://hooks.example.com/api/")).Process(seenByHost).Outcome, Is.EqualTo(TwilioWebhookOutcome.InboundMessage));
    }

    [Test]
    public void Signed_but_unrecognizable_requests_and_missing_token_are_reported()
    {
        const string url = "https://hooks.example.com/x";
        var form = new List<KeyValuePair<string, string>> { new("Foo", "bar") };

        Assert.That(Processor(Token).Process(new TwilioWebhookRequest(url, form, TwilioSignature.Compute(Token, url, form))).Outcome, Is.EqualTo(TwilioWebhookOutcome.Unrecognized));
        Assert.That(Processor(null).Process(new TwilioWebhookRequest(url, form, "sig")).Outcome, Is.EqualTo(TwilioWebhookOutcome.NotConfigured));
    }

    private static TwilioWebhookProcessor Processor(string? token, Uri? publicBase = null, TimeProvider? time = null) =>
        new(Options.Create(new TwilioWhatsAppOptions { AuthToken = token, WebhookPublicBaseUrl = publicBase }), timeProvider: time);
}
