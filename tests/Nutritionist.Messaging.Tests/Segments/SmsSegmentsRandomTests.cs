using System.Text;
using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Tests.Segments;

/// <summary>
/// 2,000 seeded random bodies mixing GSM-7 basic, GSM-7 extension, non-GSM BMP characters, combining accents and emoji
/// sequences, checked against <see cref="SegmentCheck"/>'s independent model (whole grapheme clusters, greedily).
/// </summary>
public sealed class SmsSegmentsRandomTests
{
    private const int Seed = 20261125;
    private const int Count = 2_000;

    private static readonly string[] NonGsmBmp = ["á", "ç", "ú", "’", "“", "—", "ж", "中", "ש", "\u0301", "\t", "`", "\u00A0"];
    private static readonly string[] Sequences = ["😀", "👍🏽", "🇮🇹", "🏳️‍🌈", "𝄞", "🍎", "👨‍👩‍👧‍👦", "1️⃣", "e\u0301\u0302", "\r\n"];

    [Test]
    public void RandomBodies_AreSplitIntoWholeGraphemeClusters()
    {
        var (basic, extension) = SegmentReference.LoadAlphabet();
        var basicChars = basic.Order().ToArray();
        var extensionChars = extension.Order().ToArray();
        var random = new Random(Seed);

        for (var n = 0; n < Count; n++)
        {
            var text = RandomBody(random, basicChars, extensionChars);
            SegmentCheck.WholeClusters(text, basic, extension);
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
                builder.Append(Sequences[random.Next(Sequences.Length)]);
            }
        }

        return builder.ToString();
    }
}
