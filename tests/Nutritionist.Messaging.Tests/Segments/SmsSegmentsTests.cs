using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Tests.Segments;

/// <summary>Boundaries, edge cases and argument checks of <see cref="SmsSegments"/> that the vectors do not cover.</summary>
public sealed class SmsSegmentsTests
{
    [Test]
    public void EmptyBody_IsZeroSegments()
    {
        // Twilio's calculator reports 1 (it always starts with one empty segment); no vector covers it. An empty SMS is
        // not sent, so it is not billed: 0.
        var info = SmsSegments.Calculate(string.Empty);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(info.Encoding, Is.EqualTo(SmsEncoding.Gsm7));
            Assert.That(info.Segments, Is.Zero);
            Assert.That(info.UnitsUsed, Is.Zero);
            Assert.That(info.UnitsRemainingInLastSegment, Is.EqualTo(160));
            Assert.That(SmsSegments.Split(string.Empty), Is.Empty);
            Assert.That(info.GetNonGsmCharacters(), Is.Empty);
        }
    }

    [TestCase(1, 1, 159)]
    [TestCase(160, 1, 0)]
    [TestCase(161, 2, 145)]
    [TestCase(306, 2, 0)]
    [TestCase(307, 3, 152)]
    [TestCase(1530, 10, 0)]
    public void Gsm7_Limits(int length, int segments, int remaining)
    {
        var info = SmsSegments.Calculate(new string('a', length));

        Assert.That((info.Encoding, info.Segments, info.UnitsUsed, info.UnitsRemainingInLastSegment), Is.EqualTo((SmsEncoding.Gsm7, segments, length, remaining)));
    }

    [TestCase(70, 1, 0)]
    [TestCase(71, 2, 63)]
    [TestCase(134, 2, 0)]
    [TestCase(135, 3, 66)]
    public void Ucs2_Limits(int length, int segments, int remaining)
    {
        var info = SmsSegments.Calculate(new string('ж', length));

        Assert.That((info.Encoding, info.Segments, info.UnitsUsed, info.UnitsRemainingInLastSegment), Is.EqualTo((SmsEncoding.Ucs2, segments, length, remaining)));
    }

    [Test]
    public void Gsm7_EscapePairAtTheBoundary_MovesToTheNextSegment()
    {
        // 152 septets, then '€' (2 septets) would need septets 153 and 154 of segment 1: it goes whole to segment 2.
        var text = new string('a', 152) + "€" + new string('b', 10);

        var info = SmsSegments.Calculate(text);
        var ranges = SmsSegments.Split(text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(info.UnitsUsed, Is.EqualTo(164));
            Assert.That(info.Segments, Is.EqualTo(2));
            Assert.That(ranges.Select(r => r.GetOffsetAndLength(text.Length)), Is.EqualTo(new[] { (0, 152), (152, 11) }));
            Assert.That(info.UnitsRemainingInLastSegment, Is.EqualTo(153 - 12));
        }
    }

    [Test]
    public void Gsm7_EscapePairsCanCostAnExtraSegment()
    {
        // 306 septets would fit 2 × 153 exactly, but the pair cannot be split: 152 | 2 + 151 | 1.
        var text = new string('a', 152) + "€" + new string('a', 152);

        var info = SmsSegments.Calculate(text);

        Assert.That((info.UnitsUsed, info.Segments, info.UnitsRemainingInLastSegment), Is.EqualTo((306, 3, 152)));
    }

    [Test]
    public void Ucs2_SurrogatePairAtTheBoundary_MovesToTheNextSegment()
    {
        // 66 units, then an emoji (2 units) would straddle units 67 and 68: it goes whole to segment 2.
        var text = new string('ж', 66) + "😀" + new string('ж', 10);

        var info = SmsSegments.Calculate(text);
        var ranges = SmsSegments.Split(text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(info.UnitsUsed, Is.EqualTo(78));
            Assert.That(info.Segments, Is.EqualTo(2));
            Assert.That(ranges.Select(r => r.GetOffsetAndLength(text.Length)), Is.EqualTo(new[] { (0, 66), (66, 12) }));
        }
    }

    [Test]
    public void Ucs2_ExtensionCharactersCountOneUnit()
    {
        var info = SmsSegments.Calculate("€€€€ ж");

        Assert.That((info.Encoding, info.UnitsUsed), Is.EqualTo((SmsEncoding.Ucs2, 6)));
    }

    [TestCase("\u001B")]
    [TestCase("ç")]
    [TestCase("\t")]
    [TestCase("`")]
    [TestCase("’")]
    public void CharactersOutsideTheTables_ForceUcs2(string character)
    {
        var info = SmsSegments.Calculate("Hello " + character);

        Assert.That(info.Encoding, Is.EqualTo(SmsEncoding.Ucs2));
        Assert.That(info.GetNonGsmCharacters(), Is.EqualTo(new[] { character }));
    }

    [Test]
    public void NonGsmCharacters_AreDistinctInOrderAndKeepSurrogatePairsWhole()
    {
        var info = SmsSegments.Calculate("más 😀 más ç😀 \uD800x");

        Assert.That(info.GetNonGsmCharacters(), Is.EqualTo(new[] { "á", "😀", "ç", "\uD800" }));
    }

    [Test]
    public void Gsm7_HasNoNonGsmCharacters()
    {
        Assert.That(SmsSegments.Calculate("{Hello} [world] ~ €5 | ^").GetNonGsmCharacters(), Is.Empty);
    }

    [Test]
    public void UnpairedSurrogates_CountOneUnitEach()
    {
        var text = new string('ж', 66) + "\uD83D" + "\uDE00" + "\uDE00" + new string('ж', 5);

        var info = SmsSegments.Calculate(text);

        Assert.That((info.UnitsUsed, info.Segments), Is.EqualTo((text.Length, 2)));
        Assert.That(SmsSegments.Split(text)[0].End.Value, Is.EqualTo(66), "the valid pair moves whole to segment 2");
    }

    [Test]
    public void NullText_Throws()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => SmsSegments.Calculate(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));
            Assert.That(() => SmsSegments.Calculate(null!, smartEncoding: true), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));
            Assert.That(() => SmsSegments.Split(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));
            Assert.That(() => SmsSegments.ApplySmartEncoding(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));
        }
    }

    [Test]
    public void DefaultInfo_IsHarmless()
    {
        var info = default(SmsSegmentInfo);

        Assert.That(info.GetNonGsmCharacters(), Is.Empty);
        Assert.That(info.ToString(), Does.Contain("0 segment(s)"));
    }

    [TestCase("Your code is 123456. It expires in 10 minutes.")]
    [TestCase("{x} [y] € ~ | ^ \\ and a long tail to go past one segment: 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789")]
    [TestCase("Привет, мир! Это сообщение на русском языке, и оно длиннее одного сегмента в UCS-2.")]
    [TestCase("Reminder 😀👍🏽🇮🇹 see you at 10:00 — bring your “ID”")]
    public void Calculate_AllocatesNothing(string text)
    {
        _ = SmsSegments.Calculate(text); // warm up: static tables, JIT
        _ = SmsSegments.Calculate(text, smartEncoding: false);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var info = SmsSegments.Calculate(text);
        var after = GC.GetAllocatedBytesForCurrentThread();

        Assert.That(after - before, Is.Zero, info.ToString());
    }

    [Test]
    public void Calculate_WithSmartEncodingAndNothingToReplace_AllocatesNothing()
    {
        const string Text = "Plain GSM text with {braces} and €, more than one segment? No, just one.";
        _ = SmsSegments.Calculate(Text, smartEncoding: true);

        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = SmsSegments.Calculate(Text, smartEncoding: true);
        var after = GC.GetAllocatedBytesForCurrentThread();

        Assert.That(after - before, Is.Zero);
    }
}
