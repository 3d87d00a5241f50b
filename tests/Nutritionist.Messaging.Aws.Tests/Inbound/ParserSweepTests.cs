using System.Text;
using Nutritionist.Messaging.Aws.Inbound;

namespace Nutritionist.Messaging.Aws.Tests.Inbound;

/// <summary>Property-style sweep of the SQS body parser: random and mutated bodies never throw and always name a reason.</summary>
public class ParserSweepTests
{
    private const string Valid = """{"originationNumber":"+14255550182","destinationNumber":"+12125550101","messageKeyword":"JOIN","messageBody":"STOP","inboundMessageId":"cae173d2-66b9-564c-8309-21f858e9fb84","previousPublishedMessageId":"wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"}""";

    [Test]
    public void Random_and_mutated_bodies_never_throw()
    {
        var random = new Random(5);
        var kinds = new HashSet<SqsBodyKind>();
        for (var i = 0; i < 5000; i++)
        {
            var body = (i % 3) switch
            {
                0 => Mutate(Valid, random),
                1 => RandomText(random),
                _ => "{\"Type\":\"Notification\",\"Message\":" + System.Text.Json.JsonSerializer.Serialize(Mutate(Valid, random)) + "}",
            };

            SqsBody parsed = null!;
            Assert.That(() => parsed = SqsBodyParser.Parse(body, DateTimeOffset.UnixEpoch), Throws.Nothing, body);
            kinds.Add(parsed.Kind);
            if (parsed.Kind == SqsBodyKind.Invalid)
            {
                Assert.That(parsed.Reason, Is.Not.EqualTo(InboundFailureReason.None));
                Assert.That(parsed.Detail, Is.Not.Empty);
            }
        }

        Assert.That(kinds, Does.Contain(SqsBodyKind.Invalid));
    }

    private const string Specials = "{}[]\":,\\0";

    private static string Mutate(string text, Random random)
    {
        var chars = new StringBuilder(text);
        for (var n = random.Next(1, 4); n > 0 && chars.Length > 0; n--)
        {
            var at = random.Next(chars.Length);
            switch (random.Next(3))
            {
                case 0: chars.Remove(at, 1); break;
                case 1: chars.Insert(at, (char)random.Next(0, 0x2FF)); break;
                default: chars[at] = Specials[random.Next(Specials.Length)]; break;
            }
        }

        return chars.ToString();
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        for (var n = random.Next(0, 40); n > 0; n--)
        {
            builder.Append((char)random.Next(0, 0x3000));
        }

        return builder.ToString();
    }
}
