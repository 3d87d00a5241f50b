using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Sandbox;
using Spectre.Console;

namespace Nutritionist.Messaging.Demo;

/// <summary>
/// Two hosts (two service providers, as two containers or Lambda instances would be) sharing one Redis or one DynamoDB
/// (emulator): a STOP taken in by host A blocks host B, and one ClientReference sent by both goes out once.
/// </summary>
internal static class FleetSection
{
    private const string Person = "+12065550143";

    public static async Task RunAsync(IAnsiConsole console, string? redis, Uri? dynamoDb, CancellationToken cancellationToken)
    {
        console.Write(new Rule("[yellow]10. Two hosts, one shared store (a fleet)[/]").LeftJustified());
        if (redis is null && dynamoDb is null)
        {
            console.MarkupLine("[grey]No shared store given, so this section is skipped. Start one and pass it:[/]");
            console.MarkupLine("[grey]  redis-server --port 6380 --save \"\" --appendonly no   then   --redis 127.0.0.1:6380[/]");
            console.MarkupLine("[grey]  npx dynalite@4.0.0 --port 4567                       then   --dynamodb-url http://127.0.0.1:4567[/]");
            return;
        }

        var scope = "demo-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = Host(redis, dynamoDb, scope);
        await using var b = Host(redis, dynamoDb, scope);
        var engine = redis is not null ? "Redis" : "DynamoDB";
        var clientA = a.GetRequiredService<IMessagingClient>();
        var clientB = b.GetRequiredService<IMessagingClient>();

        await a.GetRequiredService<IInboundPipeline>().ProcessMessageAsync(new InboundMessage(MessagingPlatform.Sms, Person, "STOP") { ReceivedAt = DateTimeOffset.UtcNow }, cancellationToken);
        var blocked = await clientB.SendAsync(MessagingPlatform.Sms, Person, "Your meal plan is ready!", cancellationToken);
        await a.GetRequiredService<IInboundPipeline>().ProcessMessageAsync(new InboundMessage(MessagingPlatform.Sms, Person, "START") { ReceivedAt = DateTimeOffset.UtcNow }, cancellationToken);

        var job = new OutboundMessage(Person, "Weekly check-in: how did the plan go?") { ClientReference = "checkin-" + scope };
        var both = await Task.WhenAll(clientA.SendAsync(job, cancellationToken), clientB.SendAsync(job, cancellationToken));
        var retry = await clientB.SendAsync(job, cancellationToken);
        var sent = a.GetRequiredService<SandboxState>().Messages.Count + b.GetRequiredService<SandboxState>().Messages.Count;

        var table = new Table().AddColumns("step", "result");
        table.AddRow($"A took in STOP from {PhoneNumberMasking.Mask(Person)}; B sends", Markup.Escape(blocked.ToString()));
        table.AddRow("A and B send the same ClientReference at once", Markup.Escape($"{both[0].Status} / {both[1].Status}"));
        table.AddRow("B retries the job later", Markup.Escape($"{retry.Status}, replay: {retry.IsReplay}"));
        table.AddRow("messages that reached the providers", sent.ToString(System.Globalization.CultureInfo.InvariantCulture));
        console.Write(table);
        console.MarkupLineInterpolated($"[grey]Both hosts kept opt-outs, windows, delivery records and send claims in {engine}.[/]");
    }

    private static ServiceProvider Host(string? redis, Uri? dynamoDb, string scope)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddAwsSms().AddTwilioWhatsApp().UseSandbox();
        if (redis is not null)
        {
            builder.UseRedisStores(o =>
            {
                o.ConnectionString = redis;
                o.KeyPrefix = scope + ":";
            });
        }
        else
        {
            builder.UseDynamoDbStores(o =>
            {
                o.ServiceUrl = dynamoDb;
                o.TableName = "nutritionist-messaging-demo";
                o.CreateTableIfMissing = true;
            });
        }

        return services.BuildServiceProvider();
    }
}
