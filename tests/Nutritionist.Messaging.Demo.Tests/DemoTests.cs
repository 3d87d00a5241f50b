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
