using System.Text;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Segments;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Reliability;

/// <summary>
/// Property-style sweep: random strings, Unicode, huge bodies, control characters and malformed URLs thrown at the
/// public entry points. Every case must end in a specific result code: no unhandled exception, no hang.
/// </summary>
public class BadInputSweepTests
{
    private static readonly string[] Fragments =
    [
        "", " ", "\0", "\u0001\u0007\u001b", "\r\n", "\t", "+", "++1", "00", "011", "whatsapp:", "WHATSAPP:+", "tel:+1415",
        "(", ")", "-", ".", "ext. 12", "#", "*", "١٢٣٤٥٦٧", "１２０１５５５０１２３", "\ud83e\udd57", "\ud800", "\udc00", "e\u0301",
        "STOP", "stop", "ＳＴＯＰ", "DROP TABLE", "<script>", "%00", "../../", "{\"a\":1}", new string('9', 40), "+1 201 555 0123",
    ];

    private static string RandomString(Random random, int maxFragments)
    {
        var builder = new StringBuilder();
        var count = random.Next(0, maxFragments);
        for (var i = 0; i < count; i++)
        {
            builder.Append(random.Next(3) switch
            {
                0 => Fragments[random.Next(Fragments.Length)],
                1 => (char)random.Next(0, 0x3000),
                _ => random.Next(0, 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        return builder.ToString();
    }

    [Test]
    public async Task Random_recipients_bodies_and_urls_always_give_a_specific_result()
    {
        using var harness = new MessagingHarness(o => o.EnforceWhatsAppSessionWindow = true);
        var random = new Random(20261125);
        var codes = new HashSet<MessagingErrorCode>();
        for (var i = 0; i < 1500; i++)
        {
            var media = random.Next(4) == 0
                ? new[] { new Uri(RandomString(random, 3).Length % 2 == 0 ? "https://example.test/x.png" : "relative/" + i, UriKind.RelativeOrAbsolute) }
                : [];
            var body = random.Next(20) == 0 ? new string('x', random.Next(1500, 5000)) : RandomString(random, 12);
            var message = new OutboundMessage(random.Next(3) == 0 ? "+1201555" + random.Next(1000, 9999) : RandomString(random, 8), body)
            {
                Platform = random.Next(2) == 0 ? MessagingPlatform.Sms : MessagingPlatform.WhatsApp,
                MediaUrls = media,
            };

            var send = harness.Client.SendAsync(message);
            Assert.That(await Task.WhenAny(send, Task.Delay(TimeSpan.FromSeconds(5))), Is.SameAs(send), "hang on input " + i);
            var result = await send;
            Assert.That(result.IsSuccess || result.Error is { Message.Length: > 0 }, Is.True, "every failure names its reason");
            if (result.Error is { } error)
            {
                codes.Add(error.Code);
            }
        }

        Assert.That(codes, Is.SupersetOf(new[] { MessagingErrorCode.InvalidRecipient, MessagingErrorCode.InvalidMessage, MessagingErrorCode.SessionWindowClosed }));
    }

    [Test]
    public void Random_text_never_breaks_the_normalizer_the_keyword_parser_or_the_segment_calculator()
    {
        var normalizer = new PhoneNumberNormalizer("US");
        var keywords = new KeywordOptions();
        var random = new Random(7);
        for (var i = 0; i < 3000; i++)
        {
            var text = RandomString(random, 16);

            var number = normalizer.Normalize(text);
            Assert.That(number.IsValid || number.Error != PhoneNumberError.None, Is.True);
            Assert.That(() => InboundPipeline.Classify(text, keywords), Throws.Nothing);
            var segments = SmsSegments.Calculate(text);
            Assert.That(segments.Segments * segments.UnitsPerSegment, Is.GreaterThanOrEqualTo(segments.UnitsUsed));
        }
    }

    [Test]
    public async Task Random_inbound_messages_never_throw_from_the_pipeline()
    {
        using var harness = new MessagingHarness();
        var random = new Random(11);
        for (var i = 0; i < 500; i++)
        {
            var body = RandomString(random, 6);
            var platform = random.Next(2) == 0 ? MessagingPlatform.Sms : MessagingPlatform.WhatsApp;
            var result = await harness.Inbound.ProcessMessageAsync(new InboundMessage(platform, "+1201555" + random.Next(1000, 9999), body) { Keyword = RandomString(random, 2) });
            Assert.That(Enum.IsDefined(result.Keyword), Is.True);
        }
    }
}
