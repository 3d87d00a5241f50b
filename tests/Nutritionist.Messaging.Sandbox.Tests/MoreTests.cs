using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Sandbox.Tests;

public class MoreTests
{
    [Test]
    public async Task Loopback_server_feeds_delivery_events_to_the_hosts_pipeline()
    {
        var clock = Harness.Clock();
        ServiceProvider? host = null;
        using var state = new SandboxState(new SandboxOptions(), clock, () => host?.GetService<IInboundPipeline>());
        await using var server = await SandboxServer.StartAsync(state);
        await using var services = host = Harness.OverLoopback(server, clock);

        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.Sms, Harness.Customer, "Your meal plan is ready!");
        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted), result.Error?.Message);

        clock.Advance(TimeSpan.FromSeconds(2));
        await state.WhenIdleAsync();
        Assert.That((await services.GetRequiredService<IDeliveryTracker>().GetAsync(result.MessageId!))!.Status, Is.EqualTo(DeliveryStatus.Delivered));
    }

    [Test]
    public async Task Expired_signature_is_refused()
    {
        var clock = Harness.Clock();
        await using var server = await SandboxServer.StartAsync(timeProvider: clock);
        using var http = new HttpClient();
        using var request = Harness.Aws(server.BaseAddress, "DescribePools", "{}", clock.GetUtcNow() - TimeSpan.FromMinutes(20));

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("message").GetString(), Does.StartWith("Signature expired"));
    }

    [Test]
    public async Task Latency_fault_waits_on_the_sandbox_clock()
    {
        var clock = Harness.Clock();
        using var state = new SandboxState(new SandboxOptions(), clock);
        using var http = new HttpClient(new SandboxHandler(state));
        state.Faults.Aws.Latency = TimeSpan.FromSeconds(5);

        var pending = http.SendAsync(Harness.Aws(new Uri("https://sms-voice.us-east-1.amazonaws.com/"), "DescribeSpendLimits", "{}", clock.GetUtcNow()));
        await Task.Yield();
        Assert.That(pending.IsCompleted, Is.False);

        clock.Advance(TimeSpan.FromSeconds(5));
        using var response = await pending;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Aws_opt_out_list_store_round_trips_through_the_sandbox()
    {
        var clock = Harness.Clock();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddAwsSms()
            .UseAwsOptOutList(o => o.CacheDuration = TimeSpan.Zero)
            .UseSandbox();
        await using var provider = services.BuildServiceProvider();
        var state = provider.GetRequiredService<SandboxState>();
        var client = provider.GetRequiredService<IMessagingClient>();

        await state.InjectInboundAsync(MessagingPlatform.Sms, Harness.Customer, "STOP");
        Assert.That((await client.SendAsync(MessagingPlatform.Sms, Harness.Customer, "Tips")).Error?.Code, Is.EqualTo(MessagingErrorCode.OptedOut));

        await state.InjectInboundAsync(MessagingPlatform.Sms, Harness.Customer, "START");
        Assert.That(state.IsOptedOut(SandboxProvider.Aws, Harness.Customer), Is.False, "the pipeline's opt-in reached DeleteOptedOutNumber");
        var after = await client.SendAsync(MessagingPlatform.Sms, Harness.Customer, "Welcome back");
        Assert.That(after.Status, Is.EqualTo(SendStatus.Accepted), after.Error?.Message);
    }

    [Test]
    public async Task Mms_goes_through_send_media_message()
    {
        var clock = Harness.Clock();
        await using var services = Harness.InProcess(clock);

        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(new OutboundMessage(Harness.Customer, "Your plan")
        {
            Platform = MessagingPlatform.Sms,
            MediaUrls = [new Uri("s3://nutrition-media/plans/week1.png")],
        });

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted), result.Error?.Message);
        var sent = services.GetRequiredService<SandboxState>().FindMessage(result.MessageId!);
        Assert.That(sent!.MediaUrls, Is.EqualTo(new[] { "s3://nutrition-media/plans/week1.png" }));
    }

    [Test]
    public async Task Reply_to_a_sent_message_reaches_the_pipeline_and_the_hosts_handler()
    {
        var clock = Harness.Clock();
        var handler = new RecordingHandler();
        await using var services = Harness.InProcess(clock, more: s => s.AddSingleton<IInboundMessageHandler>(handler));
        var state = services.GetRequiredService<SandboxState>();
        var sent = await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.Sms, Harness.Customer, "How was lunch?");

        await state.ReplyAsync(sent.MessageId!, "Great, thanks");

        var inbound = handler.Messages.Single();
        Assert.That(inbound.From, Is.EqualTo(Harness.Customer));
        Assert.That(inbound.Body, Is.EqualTo("Great, thanks"));
        Assert.That(inbound.InReplyToMessageId, Is.EqualTo(sent.MessageId));
        Assert.That(state.InboundMessages.Single().Payload, Does.Contain("\"previousPublishedMessageId\":\"" + sent.MessageId));
    }

    [Test]
    public async Task Sandbox_logs_no_phone_numbers_or_bodies()
    {
        var clock = Harness.Clock();
        await using var services = Harness.InProcess(clock, more: s => s.AddFakeLogging(o => o.FilteredCategories.Add("Nutritionist.Messaging.Sandbox")).AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)));
        var state = services.GetRequiredService<SandboxState>();
        await state.InjectInboundAsync(MessagingPlatform.WhatsApp, Harness.Customer, "secret body");
        await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, Harness.Customer, "another secret body");
        clock.Advance(TimeSpan.FromSeconds(2));
        await state.WhenIdleAsync();

        var records = services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        Assert.That(records, Is.Not.Empty);
        Assert.That(records.Select(r => r.Message), Has.None.Contains("4155550123").And.None.Contains("secret body"));
    }

    private sealed class RecordingHandler : IInboundMessageHandler
    {
        public List<InboundMessage> Messages { get; } = [];

        public Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
        {
            Messages.Add(message);
            return Task.CompletedTask;
        }
    }
}
