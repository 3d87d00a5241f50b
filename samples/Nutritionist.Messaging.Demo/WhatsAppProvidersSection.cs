using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Routing;
using Nutritionist.Messaging.Sandbox;
using Spectre.Console;

namespace Nutritionist.Messaging.Demo;

/// <summary>
/// The same WhatsApp message sent by each of the three WhatsApp providers — Twilio, Meta's Cloud API, AWS End User
/// Messaging Social — against the embedded sandbox, each with its delivery events flowing back through the pipeline.
/// </summary>
/// <remarks>
/// First one host per provider (only the registration differs), then one host with two providers side by side and a
/// country rule picking between them: Brazilian numbers by Meta, everyone else by Twilio.
/// </remarks>
internal static class WhatsAppProvidersSection
{
    public const string Title = "12. One WhatsApp message by Twilio, Meta and AWS";

    private const string Person = "+12065550144";
    private const string Text = "Your meal plan is ready!";

    /// <summary>Each provider: its label, its registration, and the sandbox path the person's first message arrives by.</summary>
    private static readonly (string Label, Action<IMessagingBuilder> Register, SandboxProvider Inbound)[] Providers =
    [
        ("Twilio", static b => b.AddTwilioWhatsApp(), SandboxProvider.Twilio),
        ("Meta Cloud API", static b => b.AddMetaWhatsApp(), SandboxProvider.Meta),
        ("AWS End User Messaging Social", static b => b.AddAwsWhatsApp(), SandboxProvider.AwsWhatsApp),
    ];

    public static async Task RunAsync(IAnsiConsole console, CancellationToken cancellationToken)
    {
        console.Write(new Rule($"[yellow]{Markup.Escape(Title)}[/]").LeftJustified());
        var table = new Table().AddColumns("provider", "result", "message id", "status after delivery events", "events");
        foreach (var (label, register, inbound) in Providers)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            var builder = services.AddNutritionistMessaging(o => o.DefaultRegion = "US");
            register(builder);
            builder.UseSandbox(o =>
            {
                o.SentDelay = TimeSpan.FromMilliseconds(100);
                o.DeliveryDelay = TimeSpan.FromMilliseconds(300);
            });
            await using var host = services.BuildServiceProvider(validateScopes: true);
            var sandbox = host.GetRequiredService<SandboxState>();

            // The person writes first (through this provider's webhook or events), which opens the 24-hour window.
            await sandbox.InjectInboundAsync(inbound, Person, "Hi coach, is my plan ready?", cancellationToken);
            var result = await host.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, Person, Text, cancellationToken);
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            await sandbox.WhenIdleAsync(cancellationToken);

            var record = result.MessageId is null ? null : await host.GetRequiredService<IDeliveryTracker>().GetAsync(result.MessageId, cancellationToken);
            var events = string.Join(" → ", sandbox.DeliveryEvents.Where(e => e.MessageId == result.MessageId).Select(e => e.Update.ProviderStatus));
            table.AddRow(
                Markup.Escape(label),
                Markup.Escape($"{result.Status} by {result.ProviderName}"),
                Markup.Escape(Shorten(result.MessageId)),
                record is { Status: DeliveryStatus.Delivered or DeliveryStatus.Read } ? $"[green]{record.Status}[/]" : Markup.Escape(record?.Status.ToString() ?? "-"),
                Markup.Escape(events.Length == 0 ? "-" : events));
        }

        console.Write(table);
        console.MarkupLine("[grey]Same message, same pipeline: only the registration differs (AddTwilioWhatsApp, AddMetaWhatsApp, AddAwsWhatsApp).[/]");
        await RunCountryRuleAsync(console, cancellationToken);
    }

    /// <summary>Twilio and Meta on one host; a routing rule sends Brazilian numbers by Meta, the rest by Twilio.</summary>
    private static async Task RunCountryRuleAsync(IAnsiConsole console, CancellationToken cancellationToken)
    {
        const string Brazilian = "+5511987654321";
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddTwilioWhatsApp()
            .AddMetaWhatsApp("meta")
            .ConfigureRouting(o =>
            {
                o.WhatsApp.Rules.Add(new ProviderRoutingRule { Countries = ["BR"], Provider = "meta" });
                o.WhatsApp.Default = "twilio-whatsapp";
            })
            .UseSandbox(o => o.SentDelay = TimeSpan.FromMilliseconds(100));
        await using var host = services.BuildServiceProvider(validateScopes: true);
        var sandbox = host.GetRequiredService<SandboxState>();
        var messaging = host.GetRequiredService<IMessagingClient>();

        var table = new Table().AddColumns("recipient's country", "result", "message id");
        foreach (var (country, number, inbound) in new[] { ("US", Person, SandboxProvider.Twilio), ("BR", Brazilian, SandboxProvider.Meta) })
        {
            await sandbox.InjectInboundAsync(inbound, number, "Oi!", cancellationToken); // opens the 24-hour window
            var result = await messaging.SendAsync(MessagingPlatform.WhatsApp, number, Text, cancellationToken);
            table.AddRow(country, Markup.Escape($"{result.Status} by {result.ProviderName}"), Markup.Escape(Shorten(result.MessageId)));
        }

        await sandbox.WhenIdleAsync(cancellationToken);
        console.Write(table);
        console.MarkupLine("[grey]One host, two providers: NutritionistMessaging:Routing:WhatsApp picks Meta for BR, Twilio for the rest.[/]");
    }

    private static string Shorten(string? id) =>
        id is null ? "-" : id.Length <= 16 ? id : id[..14] + "…";
}
