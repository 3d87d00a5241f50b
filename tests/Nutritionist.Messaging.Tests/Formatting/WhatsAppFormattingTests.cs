using Nutritionist.Messaging.Formatting;

namespace Nutritionist.Messaging.Tests.Formatting;

public class WhatsAppFormattingTests
{
    [Test]
    public void Span_helpers_produce_WhatsApp_markup()
    {
        Assert.That(WhatsAppFormatting.Bold("Protein"), Is.EqualTo("*Protein*"));
        Assert.That(WhatsAppFormatting.Italic("optional"), Is.EqualTo("_optional_"));
        Assert.That(WhatsAppFormatting.Strikethrough("sugar"), Is.EqualTo("~sugar~"));
        Assert.That(WhatsAppFormatting.Monospace("kcal 1800"), Is.EqualTo("```kcal 1800```"));
        Assert.That(WhatsAppFormatting.InlineCode("PLAN-42"), Is.EqualTo("`PLAN-42`"));
        Assert.That(WhatsAppFormatting.Quote("Eat well"), Is.EqualTo("> Eat well"));
    }

    [Test]
    public void White_space_stays_outside_the_markers_and_each_line_is_marked_on_its_own()
    {
        Assert.That(WhatsAppFormatting.Bold("  oats "), Is.EqualTo("  *oats* "));
        Assert.That(WhatsAppFormatting.Italic("a\nb"), Is.EqualTo("_a_\n_b_"));
        Assert.That(WhatsAppFormatting.Bold("   "), Is.EqualTo("   "));
        Assert.That(WhatsAppFormatting.Quote("one\r\ntwo"), Is.EqualTo("> one\n> two"));
    }

    [Test]
    public void Lists()
    {
        Assert.That(WhatsAppFormatting.BulletList("Oats", "Berries"), Is.EqualTo("- Oats\n- Berries"));
        Assert.That(WhatsAppFormatting.NumberedList("Warm up", "Run", "Stretch"), Is.EqualTo("1. Warm up\n2. Run\n3. Stretch"));
        Assert.That(WhatsAppFormatting.BulletList(Array.Empty<string>()), Is.Empty);
    }

    [TestCase("Protein")]
    [TestCase("Greek yogurt, 200 g")]
    [TestCase("snake_case and 2*3*4 stay")]
    [TestCase("line one\nline two")]
    public void Every_span_helper_round_trips_through_ToPlainText(string text)
    {
        Assert.That(WhatsAppFormatting.ToPlainText(WhatsAppFormatting.Bold(text)), Is.EqualTo(text));
        Assert.That(WhatsAppFormatting.ToPlainText(WhatsAppFormatting.Italic(text)), Is.EqualTo(text));
        Assert.That(WhatsAppFormatting.ToPlainText(WhatsAppFormatting.Strikethrough(text)), Is.EqualTo(text));
        Assert.That(WhatsAppFormatting.ToPlainText(WhatsAppFormatting.Monospace(text)), Is.EqualTo(text));
        Assert.That(WhatsAppFormatting.ToPlainText(WhatsAppFormatting.InlineCode(text)), Is.EqualTo(text));
        Assert.That(WhatsAppFormatting.ToPlainText(WhatsAppFormatting.Quote(text)), Is.EqualTo(text));
    }

    [Test]
    public void Nested_markup_is_stripped()
    {
        var text = WhatsAppFormatting.Bold(WhatsAppFormatting.Italic("very") + " important");
        Assert.That(text, Is.EqualTo("*_very_ important*"));
        Assert.That(WhatsAppFormatting.ToPlainText(text), Is.EqualTo("very important"));
        Assert.That(WhatsAppFormatting.ToPlainText(WhatsAppFormatting.Bold(WhatsAppFormatting.Strikethrough("x"))), Is.EqualTo("x"));
    }

    [Test]
    public void A_whole_message_becomes_readable_plain_text()
    {
        var message = string.Join('\n',
            WhatsAppFormatting.Bold("Today's plan"),
            WhatsAppFormatting.BulletList(WhatsAppFormatting.Italic("Breakfast") + ": oats", "Lunch: " + WhatsAppFormatting.Strikethrough("pizza") + " salad"),
            WhatsAppFormatting.Quote("Drink water"),
            "Code " + WhatsAppFormatting.InlineCode("*not bold*"),
            WhatsAppFormatting.Monospace("_raw_\n*kept*"));

        Assert.That(WhatsAppFormatting.ToPlainText(message), Is.EqualTo(
            "Today's plan\n- Breakfast: oats\n- Lunch: pizza salad\nDrink water\nCode *not bold*\n_raw_\n*kept*"));
    }

    [TestCase("2*3*4", "2*3*4")]
    [TestCase("* not bold *", "* not bold *")]
    [TestCase("file_name_here", "file_name_here")]
    [TestCase("a single * star", "a single * star")]
    [TestCase("(*yes*)", "(yes)")]
    [TestCase("```unclosed", "```unclosed")]
    public void Text_WhatsApp_would_not_format_is_left_alone(string text, string expected)
    {
        Assert.That(WhatsAppFormatting.ToPlainText(text), Is.EqualTo(expected));
    }

    [Test]
    public void Plain_text_is_unchanged()
    {
        const string text = "Your meal plan is ready! 1800 kcal, 120 g protein.";
        Assert.That(WhatsAppFormatting.ToPlainText(text), Is.EqualTo(text));
    }
}
