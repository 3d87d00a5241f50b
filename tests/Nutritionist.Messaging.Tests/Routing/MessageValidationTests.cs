using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Routing;

public class MessageValidationTests
{
    private const string To = "+12015550123";
    private const string ValidContentSid = "HXb5b62575e6e4ff6129ad7c8efe1f983e";

    private static IEnumerable<TestCaseData> InvalidMessages()
    {
        yield return new TestCaseData(new OutboundMessage(To), MessagingPlatform.Sms, "no content").SetName("No body, media or template");
        yield return new TestCaseData(new OutboundMessage(To, ""), MessagingPlatform.Sms, "no content").SetName("Empty body");
        yield return new TestCaseData(new OutboundMessage(To, " \r\n\t "), MessagingPlatform.WhatsApp, "white space").SetName("White-space body");
        yield return new TestCaseData(new OutboundMessage(To, new string('a', 1601)), MessagingPlatform.Sms, "1601 characters; the limit is 1600").SetName("1601 characters");
        yield return new TestCaseData(new OutboundMessage(To, "Hi") { MediaUrls = [new Uri("/plan.png", UriKind.Relative)] }, MessagingPlatform.WhatsApp, "not an absolute URL").SetName("Relative media URL");
        yield return new TestCaseData(new OutboundMessage(To, "Hi") { MediaUrls = [null!] }, MessagingPlatform.WhatsApp, "MediaUrls[0] is null").SetName("Null media URL");
        yield return new TestCaseData(new OutboundMessage(To) { Template = new WhatsAppTemplate(ValidContentSid) }, MessagingPlatform.Sms, "cannot be sent on Sms").SetName("Template on SMS");
        yield return new TestCaseData(new OutboundMessage(To, "Hi") { Template = new WhatsAppTemplate(ValidContentSid) }, MessagingPlatform.WhatsApp, "cannot also carry Body").SetName("Template plus body");
        yield return new TestCaseData(new OutboundMessage(To) { Template = new WhatsAppTemplate("HX123") }, MessagingPlatform.WhatsApp, "is not a Content SID").SetName("Malformed ContentSid");
        yield return new TestCaseData(new OutboundMessage(To) { Template = WhatsAppTemplate.Create("order_ready", "en_US").WithBody(WhatsAppTemplateParameter.Positional("Ada"), WhatsAppTemplateParameter.Named("day", "Tue")) }, MessagingPlatform.WhatsApp, "mixes positional and named").SetName("Template body mixing positional and named parameters");
        yield return new TestCaseData(new OutboundMessage(To) { Template = WhatsAppTemplate.Create("order_ready", "en_US").WithHeader(WhatsAppTemplateParameter.Video(new Uri("http://cdn.example.com/a.mp4"))) }, MessagingPlatform.WhatsApp, "must be https").SetName("Template header media over http");
        yield return new TestCaseData(new OutboundMessage(To) { Template = new WhatsAppTemplate(ValidContentSid, new Dictionary<string, string> { ["1"] = "a" }).WithBody("b") }, MessagingPlatform.WhatsApp, "both Variables and BodyParameters").SetName("Template variables beside body parameters");

        // Interactive messages, against WhatsApp's limits (Meta's Message schema and its documentation).
        yield return Interactive(Buttons(2), MessagingPlatform.Sms, "cannot be sent on Sms", "Interactive on SMS");
        yield return new TestCaseData(new OutboundMessage(To, "text too") { Interactive = Buttons(2) }, MessagingPlatform.WhatsApp, "cannot also carry Body").SetName("Interactive plus body");
        yield return Interactive(Buttons(4), MessagingPlatform.WhatsApp, "4 reply buttons; WhatsApp takes 1 to 3", "Four buttons");
        yield return Interactive(Buttons(0), MessagingPlatform.WhatsApp, "0 reply buttons", "No buttons");
        yield return Interactive(new WhatsAppReplyButtons("Pick", [new("a", new string('t', 21))]), MessagingPlatform.WhatsApp, "Interactive.Buttons[0].Title has 21 characters; WhatsApp takes at most 20", "Button title of 21");
        yield return Interactive(new WhatsAppReplyButtons("Pick", [new(new string('i', 257), "A")]), MessagingPlatform.WhatsApp, "Interactive.Buttons[0].Id has 257 characters; WhatsApp takes at most 256", "Button id of 257");
        yield return Interactive(new WhatsAppReplyButtons("Pick", [new("a", "A"), new("a", "B")]), MessagingPlatform.WhatsApp, "Interactive.Buttons[1].Id 'a' is used by another button", "Duplicate button id");
        yield return Interactive(new WhatsAppReplyButtons("Pick", [new("a", "Yes"), new("b", "yes")]), MessagingPlatform.WhatsApp, "Interactive.Buttons[1].Title 'yes' is used by another button", "Duplicate button title");
        yield return Interactive(new WhatsAppReplyButtons("Pick", [new(" a", "A")]), MessagingPlatform.WhatsApp, "starts or ends with white space", "Padded button id");
        yield return Interactive(new WhatsAppReplyButtons(new string('b', 1025), [new("a", "A")]), MessagingPlatform.WhatsApp, "Interactive.Body has 1025 characters; WhatsApp takes at most 1024", "Body of 1025");
        yield return Interactive(new WhatsAppReplyButtons(" ", [new("a", "A")]), MessagingPlatform.WhatsApp, "Interactive.Body is empty", "Blank interactive body");
        yield return Interactive(new WhatsAppReplyButtons("Pick", [new("a", "A")]) { Header = new string('h', 61) }, MessagingPlatform.WhatsApp, "Interactive.Header has 61 characters; WhatsApp takes at most 60", "Header of 61");
        yield return Interactive(new WhatsAppReplyButtons("Pick", [new("a", "A")]) { Footer = new string('f', 61) }, MessagingPlatform.WhatsApp, "Interactive.Footer has 61 characters; WhatsApp takes at most 60", "Footer of 61");
        yield return Interactive(List(new string('l', 21), Section("S", 1)), MessagingPlatform.WhatsApp, "Interactive.ButtonText has 21 characters; WhatsApp takes at most 20", "List button of 21");
        yield return Interactive(List("Open"), MessagingPlatform.WhatsApp, "0 list sections; WhatsApp takes 1 to 10", "List without sections");
        yield return Interactive(List("Open", Section("A", 6), Section("B", 5, "b")), MessagingPlatform.WhatsApp, "more than 10 list rows", "Eleven rows in all");
        yield return Interactive(List("Open", Section(null, 1), Section("B", 1, "b")), MessagingPlatform.WhatsApp, "Interactive.Sections[0].Title is empty", "Untitled section among two");
        yield return Interactive(List("Open", Section(new string('s', 25), 1)), MessagingPlatform.WhatsApp, "Interactive.Sections[0].Title has 25 characters; WhatsApp takes at most 24", "Section title of 25");
        yield return Interactive(List("Open", Section("A", 0)), MessagingPlatform.WhatsApp, "Interactive.Sections[0] has no rows", "Section without rows");
        yield return Interactive(List("Open", new WhatsAppListSection(null, [new("r", new string('t', 25))])), MessagingPlatform.WhatsApp, "Interactive.Sections[0].Rows[0].Title has 25 characters; WhatsApp takes at most 24", "Row title of 25");
        yield return Interactive(List("Open", new WhatsAppListSection(null, [new(new string('i', 201), "R")])), MessagingPlatform.WhatsApp, "Rows[0].Id has 201 characters; WhatsApp takes at most 200", "Row id of 201");
        yield return Interactive(List("Open", new WhatsAppListSection(null, [new("r", "R", new string('d', 73))])), MessagingPlatform.WhatsApp, "Rows[0].Description has 73 characters; WhatsApp takes at most 72", "Row description of 73");
        yield return Interactive(List("Open", Section("A", 1), Section("B", 1)), MessagingPlatform.WhatsApp, "Interactive.Sections[1].Rows[0].Id 'r0' is used by another row", "Duplicate row id across sections");
    }

    private static TestCaseData Interactive(WhatsAppInteractive interactive, MessagingPlatform platform, string reason, string name) =>
        new TestCaseData(new OutboundMessage(To) { Interactive = interactive }, platform, reason).SetName(name);

    private static WhatsAppReplyButtons Buttons(int count) =>
        new("Did you follow today's plan?", [.. Enumerable.Range(0, count).Select(i => new WhatsAppReplyButton("b" + i, "Button " + i))]);

    private static WhatsAppList List(string button, params WhatsAppListSection[] sections) => new("Which meal?", button, sections);

    private static WhatsAppListSection Section(string? title, int rows, string prefix = "r") =>
        new(title, [.. Enumerable.Range(0, rows).Select(i => new WhatsAppListRow(prefix + i, "Row " + i))]);

    [TestCaseSource(nameof(InvalidMessages))]
    public async Task Invalid_messages_are_rejected_with_InvalidMessage_and_no_provider_call(OutboundMessage message, MessagingPlatform platform, string reason)
    {
        using var harness = new MessagingHarness();

        var result = await harness.Client.SendAsync(new OutboundMessage(message.To, message.Body)
        {
            Platform = platform,
            MediaUrls = message.MediaUrls,
            Template = message.Template,
            Interactive = message.Interactive,
        });

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Rejected));
            Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(result.Error.Message, Does.Contain(reason));
            Assert.That(harness.Sms.Calls + harness.WhatsApp.Calls, Is.Zero);
        });
    }

    [Test]
    public async Task Exactly_1600_characters_media_only_and_template_only_messages_are_sent()
    {
        using var harness = new MessagingHarness();

        var longest = await harness.Client.SendAsync(MessagingPlatform.Sms, To, new string('a', 1600));
        var mediaOnly = await harness.Client.SendAsync(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, MediaUrls = [new Uri("https://example.test/a.png")] });
        var template = await harness.Client.SendAsync(new OutboundMessage(To)
        {
            Platform = MessagingPlatform.WhatsApp,
            Template = new WhatsAppTemplate(ValidContentSid, new Dictionary<string, string> { ["1"] = "Ada" }),
        });

        Assert.That(new[] { longest.Status, mediaOnly.Status, template.Status }, Is.All.EqualTo(SendStatus.Accepted));
        Assert.That(harness.WhatsApp.Sent.Last().Template!.Variables["1"], Is.EqualTo("Ada"));
    }

    [Test]
    public async Task A_neutral_template_reaches_the_provider_with_its_components_and_falls_back_to_its_sms_text()
    {
        using var harness = new MessagingHarness();
        var template = WhatsAppTemplate.Create("meal_plan_ready", "en_US")
            .WithHeader(WhatsAppTemplateParameter.Document(new Uri("https://example.test/plan.pdf"), "plan.pdf"))
            .WithBody("Ada", "Monday")
            .WithButton(WhatsAppTemplateButton.QuickReply(0, "SWAP"))
            .WithSmsFallbackText("Your plan is ready.");

        var result = await harness.Client.SendAsync(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, Template = template });

        var sent = harness.WhatsApp.Sent.Last().Template!;
        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That((sent.Name, sent.Language, sent.ContentSid), Is.EqualTo(("meal_plan_ready", "en_US", (string?)null)));
            Assert.That(sent.HeaderParameters.Single().FileName, Is.EqualTo("plan.pdf"));
            Assert.That(sent.BodyParameters.Select(p => p.Text), Is.EqualTo(new[] { "Ada", "Monday" }));
            Assert.That(sent.Buttons.Single().Value, Is.EqualTo("SWAP"));
            Assert.That(sent.SmsFallbackText, Is.EqualTo("Your plan is ready."));
            Assert.That(template.WithBody("x").BodyParameters.Single().Text, Is.EqualTo("x"), "With… returns a copy");
            Assert.That(template.BodyParameters, Has.Count.EqualTo(2), "the original is unchanged");
        });
    }

    [Test]
    public async Task Interactive_messages_at_every_limit_reach_the_provider_as_they_are()
    {
        using var harness = new MessagingHarness();
        var buttons = new WhatsAppReplyButtons(new string('b', 1024), [new(new string('i', 256), new string('t', 20)), new("b", "B"), new("c", "C")])
        {
            Header = new string('h', 60),
            Footer = new string('f', 60),
        };
        var list = new WhatsAppList("Which meal?", new string('l', 20),
        [
            new WhatsAppListSection(new string('s', 24), [.. Enumerable.Range(0, 9).Select(i => new WhatsAppListRow("r" + i, new string('t', 24), new string('d', 72)))]),
            new WhatsAppListSection("Other", [new(new string('i', 200), "Last")]),
        ]);

        var first = await harness.Client.SendAsync(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, Interactive = buttons });
        var second = await harness.Client.SendAsync(new OutboundMessage(To) { Platform = MessagingPlatform.WhatsApp, Interactive = list });

        Assert.That(new[] { first.Status, second.Status }, Is.All.EqualTo(SendStatus.Accepted), first + " / " + second);
        Assert.That(harness.WhatsApp.Sent.Select(m => m.Interactive), Is.EqualTo(new WhatsAppInteractive[] { buttons, list }));
    }

    [TestCase("HXb5b62575e6e4ff6129ad7c8efe1f983e", true)]
    [TestCase("HXB5B62575E6E4FF6129AD7C8EFE1F983E", true)]
    [TestCase("HX123", false)]
    [TestCase("MGb5b62575e6e4ff6129ad7c8efe1f983e", false)]
    [TestCase("HXz5b62575e6e4ff6129ad7c8efe1f983e", false)]
    [TestCase(null, false)]
    public void Content_sid_shape(string? sid, bool valid) =>
        Assert.That(WhatsAppTemplate.IsValidContentSid(sid), Is.EqualTo(valid));
}
