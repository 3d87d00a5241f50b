using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Sandbox;
using Spectre.Console;

namespace Nutritionist.Messaging.Demo;

/// <summary>
/// The same WhatsApp message sent by each of the three WhatsApp providers — Twilio, Meta's Cloud API, AWS End User
/// Messaging Social — against the embedded sandbox, each with its delivery events flowing back through the pipeline.
/// </summary>
/// <remarks>
/// One host per provider for now: each registration replaces the WhatsApp provider before it. With named providers and
/// routing rules, <see cref="Providers"/> becomes three named registrations on one host and a rule per row picks the
/// provider; the loop and the table stay as they are.
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
    }

    private static string Shorten(string? id) =>
        id is null ? "-" : id.Length <= 16 ? id : id[..14] + "…";
}
