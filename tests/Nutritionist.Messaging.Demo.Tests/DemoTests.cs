using Nutritionist.Messaging.Demo;
using Spectre.Console;

namespace Nutritionist.Messaging.Demo.Tests;

[NonParallelizable]
public class DemoTests
{
    private static (IAnsiConsole Console, StringWriter Output) CapturedConsole()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        return (console, output);
    }

    [Test]
    public async Task The_demo_runs_every_section_against_the_sandbox_and_exits_0()
    {
        var (console, output) = CapturedConsole();

        var exit = await DemoApp.RunAsync([], console).WaitAsync(TimeSpan.FromSeconds(60));

        var text = output.ToString();
        Assert.That(exit, Is.EqualTo(0), text);
        Assert.Multiple(() =>
        {
            foreach (var section in new[]
            {
                "1. \"Your meal plan is ready!\" by SMS and WhatsApp", "2. Messy inputs", "3. An invalid number", "4. A WhatsApp template and an image",
                "5. An inbound STOP", "6. Delivery statuses arriving", "7. A bulk send of 300 messages", "8. SMS segments", "9. Cost and delivery rate", "Done",
            })
            {
                Assert.That(text, Does.Contain(section));
            }

            Assert.That(text, Does.Contain("OptedOut"), "the send after STOP is blocked");
            Assert.That(text, Does.Contain("Delivered").And.Contain("Undelivered"), "delivery statuses arrive");
            Assert.That(text, Does.Contain("300 messages: 294 accepted, 6 rejected"));
            Assert.That(text, Does.Contain("InvalidRecipient"));
            Assert.That(text, Does.Contain("10. Two hosts, one shared store").And.Contain("redis-server --port 6380"), "without an engine it says how to start one");
            Assert.That(text, Does.Not.Contain("2065550142"), "numbers are shown masked");
        });
    }

    [Test]
    public async Task The_demo_prints_the_first_users_cost_table_computed_by_the_library_beside_the_documents()
    {
        var (console, output) = CapturedConsole();

        var exit = await DemoApp.RunAsync([], console).WaitAsync(TimeSpan.FromSeconds(60));

        var text = output.ToString();
        var section = text[text.IndexOf(CostComparisonSection.Title, StringComparison.Ordinal)..];
        Assert.That(exit, Is.EqualTo(0), text);
        Assert.Multiple(() =>
        {
            // Default tables: SMS 10,000 x 0.0083 = 83.00 on Twilio, x 0.00581 = 58.10 on AWS; WhatsApp 5,000 x (0.005 + 0.0040)
            // = 45.00 on Twilio, 5,000 x 0.0040 = 20.00 on Meta; totals 128.00, 103.10 (24.90 / 128 = 19.5 %), 78.10 (39.0 %).
            Assert.That(section, Does.Contain("as of 2025-07-01"), "the date of the prices");
            Assert.That(section, Does.Contain("$132.00").And.Contain("$103.00").And.Contain("22.0 %"), "the document's figures");
            Assert.That(section, Does.Contain("$128.00").And.Contain("$103.10").And.Contain("$78.10").And.Contain("19.5 %").And.Contain("39.0 %"), "the library's figures");
            Assert.That(section, Does.Contain("SMS on Twilio: $83.00 against the document's $87.00, $4.00 less"), "where they differ");
            Assert.That(section, Does.Contain("saves 19.5 % ($24.90), not 22.0 % ($29.00)"), "why the saving differs");
        });
    }

    [Test]
    public async Task The_demo_sends_one_WhatsApp_message_by_each_of_the_three_providers_and_shows_it_delivered()
    {
        var (console, output) = CapturedConsole();

        var exit = await DemoApp.RunAsync([], console).WaitAsync(TimeSpan.FromSeconds(60));

        var text = output.ToString();
        Assert.That(exit, Is.EqualTo(0), text);
        var section = text[text.IndexOf(WhatsAppProvidersSection.Title, StringComparison.Ordinal)..];
        var rows = section.Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(rows.Single(r => r.Contains("Twilio", StringComparison.Ordinal) && r.Contains("Accepted", StringComparison.Ordinal)),
                Does.Contain("by twilio-whatsapp").And.Contain("SM").And.Contain("Delivered").And.Contain("sent → delivered"));
            Assert.That(rows.Single(r => r.Contains("Meta Cloud API", StringComparison.Ordinal)),
                Does.Contain("Accepted by meta").And.Contain("wamid.").And.Contain("Delivered").And.Contain("sent → delivered"));
            Assert.That(rows.Single(r => r.Contains("AWS End User Messaging Social", StringComparison.Ordinal)),
                Does.Contain("Accepted by aws-whatsapp").And.Contain("wamid.").And.Contain("Delivered").And.Contain("sent → delivered"));
            Assert.That(rows.Single(r => r.Contains("│ US", StringComparison.Ordinal) || r.Contains("| US", StringComparison.Ordinal)),
                Does.Contain("Accepted by twilio-whatsapp"), "the default route");
            Assert.That(rows.Single(r => r.Contains("│ BR", StringComparison.Ordinal) || r.Contains("| BR", StringComparison.Ordinal)),
                Does.Contain("Accepted by meta").And.Contain("wamid."), "the country rule");
            Assert.That(section, Does.Not.Contain("2065550144").And.Not.Contain("11987654321"), "numbers are not shown");
        });
    }

    [Test]
    public async Task Help_explains_live_mode_and_the_environment()
    {
        var (console, output) = CapturedConsole();

        var exit = await DemoApp.RunAsync(["--help"], console);

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output.ToString(), Does.Contain("--live").And.Contain("TWILIO_AUTH_TOKEN").And.Contain("PHONE_POOL_ID").And.Contain("AWS_REGION"));
    }

    [Test]
    public async Task Live_mode_without_a_recipient_is_a_usage_error()
    {
        var (console, output) = CapturedConsole();

        var exit = await DemoApp.RunAsync(["--live"], console);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("--to"));
    }

    [Test]
    public async Task Live_mode_without_credentials_names_the_missing_settings()
    {
        var saved = new[] { "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_NUMBER" }.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        foreach (var name in saved.Keys)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        try
        {
            var (console, output) = CapturedConsole();

            var exit = await DemoApp.RunAsync(["--live", "--to", "+14155552671"], console);

            Assert.That(exit, Is.EqualTo(2));
            Assert.That(output.ToString(), Does.Contain("TWILIO_ACCOUNT_SID").And.Contain("configuration is incomplete"));
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
