using System.Globalization;
using System.Text;
using Nutritionist.Messaging.Segments;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Tests.Segments;

/// <summary>
/// A segment holds whole user-perceived characters, as Twilio's calculator counts them: emoji sequences and accented
/// letters placed across every segment boundary move whole to the next segment.
/// </summary>
public sealed class SmsSegmentsGraphemeTests
{
    private const string ThumbsUpMediumSkin = "👍🏽";        // U+1F44D U+1F3FD: 4 UTF-16 units
    private const string FlagFrance = "🇫🇷";               // two regional indicators: 4 units

    public static IEnumerable<TestCaseData> Sequences()
    {
        yield return new TestCaseData("👍🏽").SetArgDisplayNames("skin tone");
        yield return new TestCaseData("🇫🇷").SetArgDisplayNames("flag");
        yield return new TestCaseData("👨‍👩‍👧‍👦").SetArgDisplayNames("ZWJ family");
        yield return new TestCaseData("🏳️‍🌈").SetArgDisplayNames("ZWJ flag with variation selector");
        yield return new TestCaseData("1️⃣").SetArgDisplayNames("keycap");
        yield return new TestCaseData("e\u0301").SetArgDisplayNames("combining acute");
        yield return new TestCaseData("a\u0301\u0302\u0323").SetArgDisplayNames("three combining accents");
        yield return new TestCaseData("😀").SetArgDisplayNames("surrogate pair");
    }

    [Test]
    public void Two_hundred_units_with_a_skin_toned_emoji_and_a_flag_on_the_boundaries_are_four_segments_as_Twilio_counts()
    {
        // 65 + 4 + 61 + 4 + 66 = 200 UTF-16 units. Counted per code point the emoji straddle units 67 and 134 and the body
        // fits in 3 × 67; whole clusters move to the next segment, leaving 70 units for the third one.
        var text = new string('a', 65) + ThumbsUpMediumSkin + new string('a', 61) + FlagFrance + new string('a', 66);
        Assert.That(text, Has.Length.EqualTo(200));

        var info = SmsSegments.Calculate(text);
        var segments = SmsSegments.Split(text).Select(r => r.GetOffsetAndLength(text.Length)).ToArray();

        Assert.That(info.Encoding, Is.EqualTo(SmsEncoding.Ucs2));
        Assert.That(info.Segments, Is.EqualTo(4));
        Assert.That(segments, Is.EqualTo(new[] { (0, 65), (65, 65), (130, 67), (197, 3) }));
    }

    /// <summary>The sequence starts 1 to (length − 1) units before the end of segment 1, 2 or 3, in a body of at least 4 segments.</summary>
    [TestCaseSource(nameof(Sequences))]
    public void A_sequence_across_any_boundary_moves_whole_to_the_next_segment(string sequence)
    {
        var (basic, extension) = SegmentReference.LoadAlphabet();
        foreach (var filler in new[] { 'a', 'ж' })
        {
            for (var boundary = 1; boundary <= 3; boundary++)
            {
                for (var before = 1; before < sequence.Length; before++)
                {
                    var start = (67 * boundary) - before;
                    var text = new string(filler, start) + sequence + new string(filler, 67 * 2);

                    var segments = SegmentCheck.WholeClusters(text, basic, extension);

                    var context = $"{filler} ×{start}, then the sequence";
                    Assert.That(segments[boundary - 1].Start + segments[boundary - 1].Length, Is.EqualTo(start), context + ": the segment ends before it");
                    Assert.That(segments[boundary].Start, Is.EqualTo(start), context + ": the next one starts with it");
                }
            }
        }
    }

    [TestCaseSource(nameof(Sequences))]
    public void A_sequence_that_ends_exactly_on_the_boundary_stays_in_its_segment(string sequence)
    {
        var text = new string('ж', 67 - sequence.Length) + sequence + new string('ж', 10);

        var segments = SmsSegments.Split(text).Select(r => r.GetOffsetAndLength(text.Length)).ToArray();

        Assert.That(segments, Is.EqualTo(new[] { (0, 67), (67, 10) }));
    }

    [Test]
    public void A_body_with_a_sequence_across_every_boundary_is_split_into_whole_clusters()
    {
        var (basic, extension) = SegmentReference.LoadAlphabet();
        var sequences = Sequences().Select(c => (string)c.Arguments[0]!).ToArray();
        var random = new Random(20261126);
        for (var n = 0; n < 500; n++)
        {
            // Each segment is filled to 1 to (length − 1) units short of its end, then a random sequence straddles the
            // boundary, moves whole and so starts the next segment.
            var text = new StringBuilder();
            var starts = new List<int> { 0 };
            var boundaries = random.Next(1, 8);
            for (var b = 0; b < boundaries; b++)
            {
                var sequence = sequences[random.Next(sequences.Length)];
                var start = starts[^1] + 67 - random.Next(1, sequence.Length);
                text.Append(random.Next(2) == 0 ? 'a' : 'ж', start - text.Length);
                text.Append(sequence);
                starts.Add(start);
            }

            text.Append('a', random.Next(Math.Max(1, 71 - text.Length), 67 - 11)); // past a single segment; fits the last
            var segments = SegmentCheck.WholeClusters(text.ToString(), basic, extension);

            Assert.That(segments.Select(s => s.Start), Is.EqualTo(starts), text.ToString());
        }
    }

    [Test]
    public void Gsm7_characters_never_join_into_one_cluster_except_CR_LF()
    {
        // Why a GSM-7 body is split character by character: no pair of GSM-7 characters forms one grapheme cluster.
        var (basic, extension) = SegmentReference.LoadAlphabet();
        var alphabet = basic.Concat(extension).ToArray();
        var joined = new List<string>();
        foreach (var first in alphabet)
        {
            foreach (var second in alphabet)
            {
                var pair = string.Concat(first, second);
                if (StringInfo.GetNextTextElementLength(pair) != 1)
                {
                    joined.Add(pair);
                }
            }
        }

        Assert.That(joined, Is.EqualTo(new[] { "\r\n" }));
    }

    [TestCase('a', 152, TestName = "CR LF across the GSM-7 boundary: split as two characters")]
    [TestCase('ж', 66, TestName = "CR LF across the UCS-2 boundary: split as two characters")]
    public void CR_LF_counts_as_two_characters_as_in_Twilio_calculator(char filler, int before)
    {
        var (basic, extension) = SegmentReference.LoadAlphabet();
        var text = new string(filler, before) + "\r\n" + new string(filler, 100);

        var segments = SegmentCheck.WholeClusters(text, basic, extension);

        Assert.That(segments[1].Start, Is.EqualTo(before + 1), "CR ends the first segment, LF starts the second");
    }

    [Test]
    public void A_cluster_longer_than_a_segment_is_split_between_code_points()
    {
        // An emoji with 70 stacked combining marks: 72 units in one cluster, more than a segment holds.
        var text = "😀" + string.Concat(Enumerable.Repeat("\u0301", 70));
        Assert.That(StringInfo.GetNextTextElementLength(text), Is.EqualTo(72));

        var info = SmsSegments.Calculate(text);
        var segments = SmsSegments.Split(text).Select(r => r.GetOffsetAndLength(text.Length)).ToArray();

        Assert.That(info.Segments, Is.EqualTo(2));
        Assert.That(segments, Is.EqualTo(new[] { (0, 67), (67, 5) }));
    }

    [Test]
    public void The_official_vector_bodies_are_split_into_whole_clusters_with_the_vectors_segment_counts()
    {
        var (basic, extension) = SegmentReference.LoadAlphabet();
        var vectors = SegmentReference.LoadVectors()["vectors"]!.AsArray();
        var checkedCount = 0;
        foreach (var vector in vectors.Select(v => v!.AsObject()).Where(v => !v.ContainsKey("options")))
        {
            var body = (string)vector["body"]!;
            var segments = SegmentCheck.WholeClusters(body, basic, extension);
            var expected = vector["expected"]!["segments"] ?? vector["derived_by_independent_check"]!["segments"];
            Assert.That(segments, Has.Length.EqualTo((int)expected!), (string)vector["description"]!);
            checkedCount++;
        }

        Assert.That(checkedCount, Is.EqualTo(55));
        _ = ReferenceData.PathOf(SegmentReference.VectorsFile);
    }
}
