using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Bulk;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Formatting;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Sandbox;
using Nutritionist.Messaging.Segments;
using Nutritionist.Messaging.Telemetry;
using Spectre.Console;

namespace Nutritionist.Messaging.Demo;

/// <summary>
/// The demo: every capability of the library, against the sandbox emulator by default (no account needed), or against
/// AWS and Twilio with <c>--live</c>. The same provider code runs either way; only the base address differs.
/// </summary>
internal static class DemoApp
{
    public const int Success = 0;
    public const int UsageError = 2;

    // Numbers from the numbering plans' fictional or test ranges, and AWS's destination simulator numbers.
    private const string Coachee = "+12065550142";
    private const string SimulatorDelivered = "+14254147755";
    private const string SimulatorFailed = "+14254147167";

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            WriteHelp(console);
            return Success;
        }

        var live = args.Contains("--live");
        var to = ValueOf(args, "--to");
        if (live && to is null)
        {
            console.MarkupLine("[red]--live needs --to <your phone number>: it sends real messages.[/] See --help.");
            return UsageError;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var builder = services.AddNutritionistMessaging(configuration).AddAwsSms().UseAwsOptOutList().AddTwilioWhatsApp().AddMessagingHealthChecks();
        services.Configure<MessagingOptions>(o =>
        {
            o.DefaultRegion ??= "US";
            o.Fallback = Reliability.ChannelFallback.WhatsAppToSms;
        });
        if (!live)
        {
            builder.UseSandbox(o =>
            {
                o.SentDelay = TimeSpan.FromMilliseconds(100);
                o.DeliveryDelay = TimeSpan.FromMilliseconds(300);
            });
        }

        await using var provider = services.BuildServiceProvider(validateScopes: true);
        IMessagingClient messaging;
        try
        {
            messaging = provider.GetRequiredService<IMessagingClient>();
            _ = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Nutritionist.Messaging.Aws.AwsSmsOptions>>().Value;
            _ = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Nutritionist.Messaging.Twilio.TwilioWhatsAppOptions>>().Value;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            console.MarkupLine("[red]The configuration is incomplete:[/]");
            foreach (var failure in e.Failures)
            {
                console.MarkupLineInterpolated($"  - {failure}");
            }

            console.MarkupLine("See --help for the environment variables.");
            return UsageError;
        }

        var sandbox = live ? null : provider.GetRequiredService<SandboxState>();
        console.Write(new Rule($"[green]Nutritionist.Messaging demo[/] — {(live ? "[red]LIVE[/]: AWS and Twilio" : "sandbox: no account needed")}").LeftJustified());

        var person = to ?? Coachee;
        await FirstMessagesAsync(console, messaging, sandbox, person, cancellationToken);
        Normalisation(console, provider.GetRequiredService<IPhoneNumberNormalizer>());
        await InvalidNumberAsync(console, messaging, cancellationToken);
        if (sandbox is not null)
        {
            await TemplateAndImageAsync(console, messaging, person, cancellationToken);
            await StopThenBlockedAsync(console, messaging, sandbox, cancellationToken);
            await DeliveryStatusesAsync(console, messaging, sandbox, provider.GetRequiredService<IDeliveryTracker>(), cancellationToken);
            await BulkAsync(console, messaging, sandbox, cancellationToken);
        }

        Segments(console);
        CostTable(console, provider.GetRequiredService<IMessagingStatistics>());
        if (sandbox is not null)
        {
            var redis = ValueOf(args, "--redis") ?? Environment.GetEnvironmentVariable("NUTRITIONIST_DEMO_REDIS");
            var dynamoDb = ValueOf(args, "--dynamodb-url") ?? Environment.GetEnvironmentVariable("NUTRITIONIST_DEMO_DYNAMODB_URL");
            await FleetSection.RunAsync(console, redis, dynamoDb is null ? null : new Uri(dynamoDb), cancellationToken);
        }

        CostComparisonSection.Run(console);
        if (sandbox is not null)
        {
            await WhatsAppProvidersSection.RunAsync(console, cancellationToken);
        }

        console.Write(new Rule("[green]Done[/]").LeftJustified());
        return Success;
    }

    private static async Task FirstMessagesAsync(IAnsiConsole console, IMessagingClient messaging, SandboxState? sandbox, string person, CancellationToken cancellationToken)
    {
        Section(console, "1. \"Your meal plan is ready!\" by SMS and WhatsApp");
        if (sandbox is not null)
        {
            // WhatsApp free-form text needs the person to have written in the last 24 hours.
            await sandbox.InjectInboundAsync(MessagingPlatform.WhatsApp, person, "Hi coach, what should I eat this week?", cancellationToken);
            console.MarkupLineInterpolated($"[grey]Inbound WhatsApp from {PhoneNumberMasking.Mask(person)} opened the 24-hour window.[/]");
        }

        var sms = await messaging.SendAsync(MessagingPlatform.Sms, person, "Your meal plan is ready!", cancellationToken);
        var whatsApp = await messaging.SendAsync(MessagingPlatform.WhatsApp, person, WhatsAppFormatting.Bold("Your meal plan is ready!") + " 🥗", cancellationToken);
        ResultTable(console, ("SMS", sms), ("WhatsApp", whatsApp));
    }

    private static void Normalisation(IAnsiConsole console, IPhoneNumberNormalizer normalizer)
    {
        Section(console, "2. Messy inputs, normalised to E.164 (default region US)");
        var table = new Table().AddColumns("typed", "E.164", "region", "kind");
        foreach (var input in new[] { "(206) 555-0142", "206.555.0142", "+1 206 555 0142", "whatsapp:+447400123456", "0044 7400 123456", "011 33 6 12 34 56 78", "+49 1512 3456789" })
        {
            var n = normalizer.Normalize(input);
            table.AddRow(Markup.Escape(input), n.E164 is null ? "[red]invalid[/]" : PhoneNumberMasking.Mask(n.E164), n.RegionCode ?? "", n.Kind.ToString());
        }

        console.Write(table);
    }

    private static async Task InvalidNumberAsync(IAnsiConsole console, IMessagingClient messaging, CancellationToken cancellationToken)
    {
        Section(console, "3. An invalid number is rejected before any provider call");
        var result = await messaging.SendAsync(MessagingPlatform.Sms, "555-CALL-NOW", "Your meal plan is ready!", cancellationToken);
        ResultTable(console, ("555-CALL-NOW", result));
    }

    private static async Task TemplateAndImageAsync(IAnsiConsole console, IMessagingClient messaging, string person, CancellationToken cancellationToken)
    {
        Section(console, "4. A WhatsApp template and an image");
        var template = await messaging.SendAsync(new OutboundMessage(person)
        {
            Platform = MessagingPlatform.WhatsApp,
            Template = new WhatsAppTemplate(SandboxState.ApprovedTemplateSid, new Dictionary<string, string> { ["1"] = "Ada" }) { SmsFallbackText = "Hi Ada, your meal plan is ready." },
        }, cancellationToken);
        var image = await messaging.SendAsync(new OutboundMessage(person, "Tonight: salmon, greens and quinoa")
        {
            Platform = MessagingPlatform.WhatsApp,
            MediaUrls = [new Uri("https://example.com/plans/salmon.jpg")],
        }, cancellationToken);
        ResultTable(console, ("template meal_plan_ready", template), ("image", image));
    }

    private static async Task StopThenBlockedAsync(IAnsiConsole console, IMessagingClient messaging, SandboxState sandbox, CancellationToken cancellationToken)
    {
        Section(console, "5. An inbound STOP, then a send to that number is blocked");
        const string quitter = "+12065550187";
        var inbound = await sandbox.InjectInboundAsync(MessagingPlatform.Sms, quitter, "STOP", cancellationToken);
        console.MarkupLineInterpolated($"Inbound SMS \"STOP\" from {PhoneNumberMasking.Mask(quitter)} → keyword {inbound?.Keyword}");
        var blocked = await messaging.SendAsync(MessagingPlatform.Sms, quitter, "Your meal plan is ready!", cancellationToken);
        ResultTable(console, ("after STOP", blocked));
        await sandbox.InjectInboundAsync(MessagingPlatform.Sms, quitter, "START", cancellationToken);
        var back = await messaging.SendAsync(MessagingPlatform.Sms, quitter, "Welcome back!", cancellationToken);
        ResultTable(console, ("after START", back));
    }

    private static async Task DeliveryStatusesAsync(IAnsiConsole console, IMessagingClient messaging, SandboxState sandbox, IDeliveryTracker tracker, CancellationToken cancellationToken)
    {
        Section(console, "6. Delivery statuses arriving (AWS simulator numbers)");
        var delivered = await messaging.SendAsync(MessagingPlatform.Sms, SimulatorDelivered, "Your meal plan is ready!", cancellationToken);
        var failed = await messaging.SendAsync(MessagingPlatform.Sms, SimulatorFailed, "Your meal plan is ready!", cancellationToken);
        var table = new Table().AddColumns("message", "right after sending", "a moment later");
        var before = new[] { await tracker.GetAsync(delivered.MessageId!, cancellationToken), await tracker.GetAsync(failed.MessageId!, cancellationToken) };
        await Task.Delay(TimeSpan.FromMilliseconds(600), cancellationToken);
        await sandbox.WhenIdleAsync(cancellationToken);
        var after = new[] { await tracker.GetAsync(delivered.MessageId!, cancellationToken), await tracker.GetAsync(failed.MessageId!, cancellationToken) };
        table.AddRow("to the success simulator", before[0]?.Status.ToString() ?? "-", Status(after[0]));
        table.AddRow("to the failure simulator", before[1]?.Status.ToString() ?? "-", Status(after[1]));
        console.Write(table);

        static string Status(DeliveryRecord? record) => record is null ? "-"
            : record.Status is DeliveryStatus.Delivered or DeliveryStatus.Read ? $"[green]{record.Status}[/]"
            : record.Status.IsTerminal() ? $"[red]{record.Status}[/] {Markup.Escape(record.ErrorCode ?? string.Empty)}"
            : record.Status.ToString();
    }

    private static async Task BulkAsync(IAnsiConsole console, IMessagingClient messaging, SandboxState sandbox, CancellationToken cancellationToken)
    {
        Section(console, "7. A bulk send of 300 messages");
        var batch = Enumerable.Range(0, 300).Select(i => new OutboundMessage(
            i % 50 == 49 ? "not-a-number" : "+1206555" + (1000 + i).ToString(CultureInfo.InvariantCulture),
            "Your weekly meal plan is ready!")
        {
            Platform = MessagingPlatform.Sms,
            ClientReference = "weekly-" + i.ToString(CultureInfo.InvariantCulture),
        }).ToList();

        BulkSendResult? result = null;
        await console.Progress().AutoClear(false).StartAsync(async context =>
        {
            var task = context.AddTask("sending", maxValue: batch.Count);
            var progress = new Progress<BulkSendProgress>(p => task.Value = p.Completed);
            result = await messaging.SendManyAsync(batch, new BulkSendOptions { MaxConcurrency = 16 }, progress, cancellationToken);
            task.Value = batch.Count;
        });
        console.MarkupLineInterpolated($"{result!.Summary}");
        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        await sandbox.WhenIdleAsync(cancellationToken);
    }

    private static void Segments(IAnsiConsole console)
    {
        Section(console, "8. SMS segments");
        var longText = string.Concat(Enumerable.Repeat("Breakfast: oats with berries. Lunch: lentil salad. Dinner: salmon and greens. ", 3));
        var table = new Table().AddColumns("text", "encoding", "segments", "units used", "left in last");
        foreach (var (label, text) in new[] { ("short", "Your meal plan is ready!"), ($"long ({longText.Length} chars)", longText), ("emoji", "Your meal plan is ready 🥗🍓") })
        {
            var info = SmsSegments.Calculate(text);
            table.AddRow(label, info.Encoding.ToString(), info.Segments.ToString(CultureInfo.InvariantCulture), info.UnitsUsed.ToString(CultureInfo.InvariantCulture), info.UnitsRemainingInLastSegment.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }

    private static void CostTable(IAnsiConsole console, IMessagingStatistics statistics)
    {
        Section(console, "9. Cost and delivery rate this month");
        var snapshot = statistics.GetSnapshot();
        var table = new Table().AddColumns("platform", "sent", "not sent", "delivered", "failed", "delivery rate", "estimated", "actual");
        foreach (var p in snapshot.Platforms)
        {
            table.AddRow(
                p.Platform.ToString(),
                p.Sent.ToString(CultureInfo.InvariantCulture),
                p.NotSent.ToString(CultureInfo.InvariantCulture),
                p.Delivered.ToString(CultureInfo.InvariantCulture),
                p.DeliveryFailed.ToString(CultureInfo.InvariantCulture),
                p.DeliveryRate is { } rate ? rate.ToString("P1", CultureInfo.InvariantCulture) : "-",
                $"{p.EstimatedSpend.ToString("0.0000", CultureInfo.InvariantCulture)} {p.Currency}",
                $"{p.ActualSpend.ToString("0.0000", CultureInfo.InvariantCulture)} {p.Currency}");
        }

        console.Write(table);
    }

    private static void ResultTable(IAnsiConsole console, params (string Label, SendResult Result)[] rows)
    {
        var table = new Table().AddColumns("message", "status", "platform", "id / error", "recipient");
        foreach (var (label, r) in rows)
        {
            var status = r.IsSuccess ? $"[green]{r.Status}[/]" : $"[red]{r.Status}[/]";
            var detail = r.IsSuccess ? r.MessageId : $"{r.Error.Code}: {r.Error.Message}";
            table.AddRow(Markup.Escape(label), status, r.Platform.ToString() + (r.FallbackFrom is { } from ? $" (fallback from {from})" : string.Empty), Markup.Escape(detail ?? string.Empty), PhoneNumberMasking.Mask(r.Recipient));
        }

        console.Write(table);
    }

    private static void Section(IAnsiConsole console, string title) => console.Write(new Rule($"[yellow]{Markup.Escape(title)}[/]").LeftJustified());

    private static string? ValueOf(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static void WriteHelp(IAnsiConsole console)
    {
        console.Write(new Markup("""
            [bold]Nutritionist.Messaging demo[/]

            [bold]Usage[/]
              dotnet run --project samples/Nutritionist.Messaging.Demo               everything, against the built-in sandbox
              dotnet run --project samples/Nutritionist.Messaging.Demo -- --live --to +14155552671
                                                                                      the first sections, for real (sends 2 messages)

            [bold]Options[/]
              --live        send through AWS End User Messaging SMS and Twilio instead of the sandbox
              --to NUMBER   the phone number that receives the live messages (required with --live)
              --redis CONN  section 10: two hosts sharing this Redis (or NUTRITIONIST_DEMO_REDIS)
              --dynamodb-url URL   section 10: two hosts sharing this DynamoDB emulator (or NUTRITIONIST_DEMO_DYNAMODB_URL)
              --help        this text

            [bold]Environment for --live[/]
              AWS credentials   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or a profile, SSO, instance role), AWS_REGION
              PHONE_POOL_ID     the AWS phone pool (or number) to send SMS from
              SMS_CONFIG_SET    the AWS configuration set (optional)
              TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_NUMBER   the Twilio WhatsApp sender
              Any setting can also be given as NutritionistMessaging__Aws__Region, NutritionistMessaging__Twilio__From, ...

            """));
    }
}
