using System.Text;
using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Tests.Segments;

/// <summary>
/// 2,000 seeded random bodies mixing GSM-7 basic, GSM-7 extension, non-GSM BMP characters and emoji, checked against
/// an independent count that uses the alphabet as the reference vectors file states it.
/// </summary>
public sealed class SmsSegmentsRandomTests
{
    private const int Seed = 20261125;
    private const int Count = 2_000;

    private static readonly string[] NonGsmBmp = ["á", "ç", "ú", "’", "“", "—", "ж", "中", "ש", "\u0301", "\t", "`", "\u00A0"];
    private static readonly string[] Emoji = ["😀", "👍🏽", "🇮🇹", "🏳️‍🌈", "𝄞", "🍎"];

    [Test]
    public void RandomBodies_SegmentsCoverTheUnitsAndNeverSplitAPair()
    {
        var (basic, extension) = SegmentReference.LoadAlphabet();
        var basicChars = basic.Order().ToArray();
        var extensionChars = extension.Order().ToArray();
        var random = new Random(Seed);

        for (var n = 0; n < Count; n++)
        {
            var text = RandomBody(random, basicChars, extensionChars);
            Check(text, basic, extension);
        }
    }

    private static string RandomBody(Random random, char[] basic, char[] extension)
    {
        // A third of the bodies stay GSM-7 so the 160/153 path gets as many boundary cases as the 70/67 one.
        var gsmOnly = random.Next(3) == 0;
        var length = random.Next(0, 480);
        var builder = new StringBuilder(length + 8);
        while (builder.Length < length)
        {
            var pick = random.Next(100);
            if (pick < 70 || (gsmOnly && pick < 85))
            {
                builder.Append(basic[random.Next(basic.Length)]);
            }
            else if (pick < 85 || gsmOnly)
            {
                builder.Append(extension[random.Next(extension.Length)]);
            }
            else if (pick < 93)
            {
                builder.Append(NonGsmBmp[random.Next(NonGsmBmp.Length)]);
            }
            else
            {
                builder.Append(Emoji[random.Next(Emoji.Length)]);
            }
        }

        return builder.ToString();
    }

    private static void Check(string text, HashSet<char> basic, HashSet<char> extension)
    {
        var isGsm7 = text.All(c => basic.Contains(c) || extension.Contains(c));
        int Cost(char c) => isGsm7 ? (extension.Contains(c) ? 2 : 1) : 1;
        var units = text.Sum(Cost);

        var info = SmsSegments.Calculate(text);
        var ranges = SmsSegments.Split(text);
        var context = $"body of {text.Length} chars: {info}";

        Assert.That(info.Encoding, Is.EqualTo(isGsm7 ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2), context);
        Assert.That(info.UnitsUsed, Is.EqualTo(units), context);
        Assert.That(ranges, Has.Count.EqualTo(info.Segments), context);

        var single = isGsm7 ? 160 : 70;
        var perSegment = info.Segments > 1 ? (isGsm7 ? 153 : 67) : single;
        Assert.That(info.UnitsPerSegment, Is.EqualTo(perSegment), context);
        Assert.That(info.Segments * perSegment, Is.GreaterThanOrEqualTo(units), context);
        Assert.That(info.Segments, Is.GreaterThanOrEqualTo((units + perSegment - 1) / perSegment), context);

        var expectedStart = 0;
        var previousFill = 0;
        for (var i = 0; i < ranges.Count; i++)
        {
            var (start, length) = ranges[i].GetOffsetAndLength(text.Length);
            Assert.That(start, Is.EqualTo(expectedStart), $"{context}: segments are contiguous");
            Assert.That(length, Is.Positive, $"{context}: segment {i} is not empty");

            // The boundary never falls between the two halves of a surrogate pair.
            Assert.That(start > 0 && char.IsHighSurrogate(text[start - 1]) && char.IsLowSurrogate(text[start]), Is.False, $"{context}: segment {i} starts inside a surrogate pair");

            // Escape pairs: an extension character is one char in the text, and the whole pair (2 septets) must fit in
            // the segment that holds it, so the segment's septets never exceed the limit.
            var fill = text.AsSpan(start, length).ToArray().Sum(Cost);
            Assert.That(fill, Is.LessThanOrEqualTo(perSegment), $"{context}: segment {i} overflows");

            // Greedy filling, as Twilio's calculator: the first character of a segment did not fit in the previous one.
            if (i > 0)
            {
                var firstWidth = char.IsHighSurrogate(text[start]) && start + 1 < text.Length && char.IsLowSurrogate(text[start + 1]) ? 2 : 1;
                var firstCost = isGsm7 ? Cost(text[start]) : firstWidth;
                Assert.That(previousFill + firstCost, Is.GreaterThan(perSegment), $"{context}: segment {i} started early");
            }

            previousFill = fill;
            expectedStart = start + length;
        }

        Assert.That(expectedStart, Is.EqualTo(text.Length), $"{context}: segments cover the body");
        if (info.Segments > 0)
        {
            Assert.That(info.UnitsRemainingInLastSegment, Is.EqualTo(perSegment - previousFill), context);
        }
    }
}
