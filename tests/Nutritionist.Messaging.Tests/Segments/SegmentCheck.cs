using System.Globalization;
using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Tests.Segments;

/// <summary>
/// Checks <see cref="SmsSegments.Calculate(string)"/> and <see cref="SmsSegments.Split"/> on one body against an
/// independent model of Twilio's calculator: the body cut into grapheme clusters (<see cref="StringInfo"/>'s enumerator,
/// with CR LF cut in two as the calculator does), packed greedily, whole clusters only, into 160/153 septets (GSM-7,
/// alphabet as the reference vectors file states it) or 70/67 UTF-16 units (UCS-2).
/// </summary>
internal static class SegmentCheck
{
    /// <summary>The clusters of <paramref name="text"/> as (start, length), CR LF counted as two.</summary>
    public static List<(int Start, int Length)> Clusters(string text)
    {
        var clusters = new List<(int, int)>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var start = enumerator.ElementIndex;
            var element = enumerator.GetTextElement();
            if (element == "\r\n")
            {
                clusters.Add((start, 1));
                clusters.Add((start + 1, 1));
            }
            else
            {
                clusters.Add((start, element.Length));
            }
        }

        return clusters;
    }

    /// <summary>Asserts every property of the split of <paramref name="text"/>; returns the segments as (start, length).</summary>
    public static (int Start, int Length)[] WholeClusters(string text, HashSet<char> basic, HashSet<char> extension)
    {
        var isGsm7 = text.All(c => basic.Contains(c) || extension.Contains(c));
        int Units(int start, int length) => isGsm7 ? text.AsSpan(start, length).ToArray().Sum(c => extension.Contains(c) ? 2 : 1) : length;

        var info = SmsSegments.Calculate(text);
        var segments = SmsSegments.Split(text).Select(r => r.GetOffsetAndLength(text.Length)).Select(r => (Start: r.Offset, r.Length)).ToArray();
        var clusters = Clusters(text);
        var context = $"body of {text.Length} chars: {info}";

        var units = Units(0, text.Length);
        var single = isGsm7 ? 160 : 70;
        var perSegment = units > single ? (isGsm7 ? 153 : 67) : single;
        Assert.That(clusters.Max(c => (int?)Units(c.Start, c.Length)) ?? 0, Is.LessThanOrEqualTo(perSegment), "the model assumes every cluster fits in a segment");

        // The model: whole clusters, greedily.
        var expected = new List<(int Start, int Length)>();
        var fill = 0;
        foreach (var (start, length) in clusters)
        {
            var cost = Units(start, length);
            if (expected.Count == 0 || fill + cost > perSegment)
            {
                expected.Add((start, 0));
                fill = 0;
            }

            expected[^1] = (expected[^1].Start, start + length - expected[^1].Start);
            fill += cost;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(info.Encoding, Is.EqualTo(isGsm7 ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2), context);
            Assert.That(info.UnitsUsed, Is.EqualTo(units), context);
            Assert.That(info.UnitsPerSegment, Is.EqualTo(perSegment), context);
            Assert.That(info.Segments, Is.EqualTo(expected.Count), context);
            Assert.That(segments, Is.EqualTo(expected), context);

            var starts = clusters.Select(c => c.Start).ToHashSet();
            foreach (var (start, length) in segments)
            {
                Assert.That(starts, Does.Contain(start), $"{context}: a segment starts inside a grapheme cluster, at {start}");
                Assert.That(Units(start, length), Is.LessThanOrEqualTo(perSegment), $"{context}: the segment at {start} overflows");
            }

            if (segments.Length > 0)
            {
                Assert.That(info.UnitsRemainingInLastSegment, Is.EqualTo(perSegment - Units(segments[^1].Start, segments[^1].Length)), context);
            }
        }

        return segments;
    }
}
