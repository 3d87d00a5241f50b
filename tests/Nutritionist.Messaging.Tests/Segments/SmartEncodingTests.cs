using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Tests.Segments;

/// <summary><see cref="SmsSegments.ApplySmartEncoding(string)"/> and <see cref="SmsSegments.Calculate(string, bool)"/> with it on.</summary>
public sealed class SmartEncodingTests
{
    [TestCase("“Quoted” and ‘single’", "\"Quoted\" and 'single'")]
    [TestCase("en – and em — dashes", "en - and em - dashes")]
    [TestCase("Wait…", "Wait...")]
    [TestCase("ＡＢＣ１２３！", "ABC123!")]
    [TestCase("non\u00A0breaking", "non  breaking")]
    [TestCase("tab\there", "tab       here")]
    [TestCase("zero\u200Bwidth\uFEFF", "zerowidth")]
    [TestCase("½ price ‼", "1/2 price !!")]
    [TestCase("a ⧹ b", "a \\ b")]
    [TestCase("‹angle›", ">angle<")] // upstream's mapping, kept as it is
    [TestCase("• bullet", "- bullet")]
    public void ApplySmartEncoding_ReplacesLookAlikes(string input, string expected)
    {
        Assert.That(SmsSegments.ApplySmartEncoding(input), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("Plain GSM-7 text {with} [extension] chars €")]
    [TestCase("Emoji stay 😀 and so does á")]
    public void ApplySmartEncoding_ReturnsTheSameInstanceWhenNothingChanges(string input)
    {
        Assert.That(SmsSegments.ApplySmartEncoding(input), Is.SameAs(input));
    }

    [Test]
    public void Calculate_WithSmartEncoding_CountsTheReplacedText()
    {
        const string Text = "Hi Ana, your appointment is confirmed for Tuesday – don’t forget your “blue card”. Reply STOP to opt out…";

        var plain = SmsSegments.Calculate(Text);
        var smart = SmsSegments.Calculate(Text, smartEncoding: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain.Encoding, Is.EqualTo(SmsEncoding.Ucs2));
            Assert.That(plain.Segments, Is.EqualTo(2));
            Assert.That(plain.GetNonGsmCharacters(), Is.EqualTo(new[] { "–", "’", "“", "”", "…" }));
            Assert.That(smart.Encoding, Is.EqualTo(SmsEncoding.Gsm7));
            Assert.That(smart.Segments, Is.EqualTo(1));
            Assert.That(smart.UnitsUsed, Is.EqualTo(Text.Length + 2), "'…' becomes three characters");
        }
    }

    [Test]
    public void Calculate_WithSmartEncoding_StillUcs2WhenAnEmojiRemains()
    {
        var info = SmsSegments.Calculate("Thanks — see you soon 😀", smartEncoding: true);

        Assert.That(info.Encoding, Is.EqualTo(SmsEncoding.Ucs2));
        Assert.That(info.GetNonGsmCharacters(), Is.EqualTo(new[] { "😀" }));
    }

    [Test]
    public void Calculate_WithSmartEncoding_ExtensionReplacementsCountTwoSeptets()
    {
        // FULLWIDTH LEFT CURLY BRACKET becomes '{', an extension character.
        var info = SmsSegments.Calculate("｛x｝", smartEncoding: true);

        Assert.That((info.Encoding, info.UnitsUsed), Is.EqualTo((SmsEncoding.Gsm7, 5)));
    }
}
