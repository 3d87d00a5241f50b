using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Meta.Tests;

/// <summary>Reply buttons and lists go out as Cloud API <c>interactive</c> messages that Meta's own schema accepts.</summary>
public class InteractiveRequestTests
{
    private static async Task<string> SendAsync(WhatsAppInteractive interactive, string? replyTo = null)
    {
        var stub = new StubHttpHandler(_ => TestMeta.Accepted());
        await using var services = TestMeta.Services(stub);
        await services.GetRequiredService<IWhatsAppProvider>().SendAsync(new WhatsAppMessage(TestMeta.Recipient, null) { Interactive = interactive, ReplyToMessageId = replyTo });
        var body = stub.Requests.Single().BodyText;
        MetaSchema.AssertValid(body);
        return body;
    }

    [Test]
    public async Task Reply_buttons_with_header_and_footer_are_written_as_Meta_documents_them()
    {
        var body = await SendAsync(new WhatsAppReplyButtons("Did you follow today's plan?", [new("plan-yes", "Yes"), new("plan-no", "Not today")])
        {
            Header = "Daily check-in",
            Footer = "Reply any time",
        });

        Assert.That(body, Is.EqualTo("""
            {"messaging_product":"whatsapp","to":"+14155552671","type":"interactive","interactive":{"type":"button","header":{"type":"text","text":"Daily check-in"},"body":{"text":"Did you follow today's plan?"},"footer":{"text":"Reply any time"},"action":{"buttons":[{"type":"reply","reply":{"id":"plan-yes","title":"Yes"}},{"type":"reply","reply":{"id":"plan-no","title":"Not today"}}]}}}
            """));
    }

    [Test]
    public async Task A_list_is_written_with_its_button_sections_and_rows_and_a_reply_context()
    {
        var body = await SendAsync(
            new WhatsAppList("Which meal would you like to swap?", "Choose a meal",
            [
                new WhatsAppListSection("Today", [new("swap-lunch", "Lunch"), new("swap-dinner", "Dinner", "Salmon and greens")]),
                new WhatsAppListSection("Tomorrow", [new("swap-breakfast", "Breakfast")]),
            ]),
            replyTo: "wamid.HBgLMTQxNTU1NTI2NzEVAgARGBI=");

        Assert.That(body, Is.EqualTo("""
            {"messaging_product":"whatsapp","to":"+14155552671","type":"interactive","context":{"message_id":"wamid.HBgLMTQxNTU1NTI2NzEVAgARGBI="},"interactive":{"type":"list","body":{"text":"Which meal would you like to swap?"},"action":{"button":"Choose a meal","sections":[{"title":"Today","rows":[{"id":"swap-lunch","title":"Lunch"},{"id":"swap-dinner","title":"Dinner","description":"Salmon and greens"}]},{"title":"Tomorrow","rows":[{"id":"swap-breakfast","title":"Breakfast"}]}]}}}
            """));
    }

    [Test]
    public async Task Messages_at_every_limit_pass_the_schema()
    {
        await SendAsync(new WhatsAppReplyButtons(new string('b', 1024), [new(new string('i', 256), new string('t', 20)), new("2", "Two"), new("3", "Three")])
        {
            Header = new string('h', 60),
            Footer = new string('f', 60),
        });
        await SendAsync(new WhatsAppList(new string('b', 1024), new string('l', 20),
        [
            new WhatsAppListSection(new string('s', 24), [.. Enumerable.Range(0, 10).Select(i => new WhatsAppListRow(i + new string('i', 199), new string('t', 24), new string('d', 72)))]),
        ]));
    }

    [Test]
    public void The_schema_itself_refuses_what_the_core_limits_refuse()
    {
        // The limits in core are Meta's: a body one past each of them, written by hand, is refused by the schema too.
        static IReadOnlyList<string> Errors(string interactive) =>
            MetaSchema.Errors("""{"messaging_product":"whatsapp","to":"+14155552671","type":"interactive","interactive":""" + interactive + "}");
        static string Reply(int i, string title = "T") => "{\"type\":\"reply\",\"reply\":{\"id\":\"b" + i + "\",\"title\":\"" + title + "\"}}";
        static string Buttons(string buttons, string body = "x", string extra = "") =>
            "{\"type\":\"button\"" + extra + ",\"body\":{\"text\":\"" + body + "\"},\"action\":{\"buttons\":[" + buttons + "]}}";
        static string List(string button, string row) =>
            "{\"type\":\"list\",\"body\":{\"text\":\"x\"},\"action\":{\"button\":\"" + button + "\",\"sections\":[{\"rows\":[" + row + "]}]}}";

        MetaSchema.Require(); // skips here, not inside Assert.Multiple, when the spec is absent
        Assert.Multiple(() =>
        {
            Assert.That(Errors(Buttons(string.Join(',', Enumerable.Range(0, 4).Select(i => Reply(i))))), Is.Not.Empty, "four buttons");
            Assert.That(Errors(Buttons(Reply(0, new string('t', 21)))), Is.Not.Empty, "button title of 21");
            Assert.That(Errors(Buttons(Reply(0), body: new string('b', 1025))), Is.Not.Empty, "body of 1025");
            Assert.That(Errors(Buttons(Reply(0), extra: ",\"footer\":{\"text\":\"" + new string('f', 61) + "\"}")), Is.Not.Empty, "footer of 61");
            Assert.That(Errors(List(new string('l', 21), """{"id":"r","title":"R"}""")), Is.Not.Empty, "list button of 21");
            Assert.That(Errors(List("Open", """{"id":"r","title":"R","description":"D"}""".Replace("\"D\"", "\"" + new string('d', 73) + "\"", StringComparison.Ordinal))), Is.Not.Empty, "row description of 73");
            Assert.That(Errors(Buttons(Reply(0) + "," + Reply(1))), Is.Empty, "two buttons");
            Assert.That(Errors(List("Open", """{"id":"r","title":"R"}""")), Is.Empty, "the smallest valid list");
        });
    }

    [Test]
    public async Task A_provider_built_by_hand_refuses_an_interactive_message_over_the_limits_before_any_request()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Accepted());
        await using var services = TestMeta.Services(stub);
        var provider = services.GetRequiredService<IWhatsAppProvider>();

        var fourButtons = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new WhatsAppMessage(TestMeta.Recipient, null)
        {
            Interactive = new WhatsAppReplyButtons("Pick", [new("a", "A"), new("b", "B"), new("c", "C"), new("d", "D")]),
        }));
        var withBody = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new WhatsAppMessage(TestMeta.Recipient, "also text")
        {
            Interactive = new WhatsAppReplyButtons("Pick", [new("a", "A")]),
        }));

        Assert.Multiple(() =>
        {
            Assert.That(fourButtons!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(fourButtons.Message, Does.Contain("4 reply buttons"));
            Assert.That(withBody!.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(stub.Requests, Is.Empty);
        });
    }
}
