using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Bulk;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.SharedState.Tests.Engines;

namespace Nutritionist.Messaging.SharedState.Tests;

// Each test starts its own engine, proves a send works, stops the engine mid-run, and checks what the next send does:
// the opt-out and claim checks fail closed (no provider call), and a tracker outage never turns an accepted send into an error.
[TestFixture(Engine.Redis)]
[TestFixture(Engine.DynamoDb)]
public class StoppedEngineTests(Engine engine)
{
    private const string Number = "+12015550123";

    [Test]
    public async Task A_claimed_send_fails_closed_naming_the_claim_store()
    {
        var provider = new CountingProvider();
        await using var fleet = await OwnEngineHostAsync(provider);
        var before = await fleet.Host.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "before-stop" });

        fleet.StopEngine();
        var result = await fleet.Host.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "after-stop" });

        Assert.Multiple(() =>
        {
            Assert.That(before.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That(result.Status, Is.EqualTo(SendStatus.Failed));
            Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(result.Error.Message, Does.Contain(engine == Engine.Redis ? "RedisSendClaimStore" : "DynamoDbSendClaimStore"));
            Assert.That(result.Error.IsTransient, Is.True);
            Assert.That(provider.Requests, Is.EqualTo(1), "only the send before the stop");
        });
    }

    [Test]
    public async Task A_send_fails_closed_when_the_opt_out_store_is_unreachable()
    {
        var provider = new CountingProvider();
        await using var fleet = await OwnEngineHostAsync(provider);
        await fleet.Host.Client.SendAsync(MessagingPlatform.Sms, Number, "Hi");

        fleet.StopEngine();
        var result = await fleet.Host.Client.SendAsync(MessagingPlatform.Sms, Number, "Hi again");

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.False);
            Assert.That(result.Status, Is.Not.EqualTo(SendStatus.Unknown), "certainly not sent");
            Assert.That(result.Error!.Message, Does.Contain("opt-out").And.Contain(engine == Engine.Redis ? "RedisOptOutStore" : "DynamoDbOptOutStore"));
            Assert.That(result.Error.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(provider.Requests, Is.EqualTo(1), "only the send before the stop");
        });
    }

    [Test]
    public async Task A_bulk_send_fails_closed_when_the_batch_opt_out_lookup_cannot_reach_the_store()
    {
        var provider = new CountingProvider();
        await using var fleet = await OwnEngineHostAsync(provider);
        await fleet.Host.Client.SendAsync(MessagingPlatform.Sms, Number, "Hi");

        fleet.StopEngine();
        var batch = Enumerable.Range(0, 5).Select(i => new OutboundMessage($"+1201555012{i}", "Hi") { Platform = MessagingPlatform.Sms });
        var result = await fleet.Host.Client.SendManyAsync(batch);

        var results = result.Items.Select(i => i.Result!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Status), Is.All.EqualTo(SendStatus.Failed));
            Assert.That(results.Select(r => r.Error!.Code), Is.All.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(results[0].Error!.Message, Does.Contain("opt-out").And.Contain(engine == Engine.Redis ? "RedisOptOutStore" : "DynamoDbOptOutStore"));
            Assert.That(provider.Requests, Is.EqualTo(1), "only the send before the stop");
        });
    }

    [Test]
    public async Task A_tracker_outage_never_turns_an_accepted_send_into_an_error()
    {
        var provider = new CountingProvider();

        // Opt-outs and claims in memory, the tracker (and windows) in the engine that is about to stop.
        await using var fleet = await OwnEngineHostAsync(provider, b => b.UseOptOutStore<InMemoryOptOutStore>().UseSendClaimStore<InMemorySendClaimStore>());
        await fleet.Host.Client.SendAsync(MessagingPlatform.Sms, Number, "Hi");

        fleet.StopEngine();
        var result = await fleet.Host.Client.SendAsync(new OutboundMessage(Number, "Hi again") { ClientReference = "tracked" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That(provider.Requests, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_tracker_outage_during_a_bulk_send_leaves_every_send_accepted()
    {
        var provider = new CountingProvider();
        await using var fleet = await OwnEngineHostAsync(provider, b => b.UseOptOutStore<InMemoryOptOutStore>().UseSendClaimStore<InMemorySendClaimStore>());
        await fleet.Host.Client.SendAsync(MessagingPlatform.Sms, Number, "Hi");

        fleet.StopEngine();
        var batch = Enumerable.Range(0, 30).Select(i => new OutboundMessage($"+120155501{i:00}", "Hi") { Platform = MessagingPlatform.Sms });
        var result = await fleet.Host.Client.SendManyAsync(batch).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Multiple(() =>
        {
            Assert.That(result.Items.Select(i => i.Result!.Status), Is.All.EqualTo(SendStatus.Accepted), "the chunk's failed acceptance write is logged, not reported");
            Assert.That(provider.Requests, Is.EqualTo(31));
        });
    }

    [Test]
    public async Task Inbound_processing_fails_loudly_when_the_store_is_unreachable_so_the_message_is_redelivered()
    {
        var provider = new CountingProvider();
        await using var fleet = await OwnEngineHostAsync(provider);
        await fleet.Host.Client.SendAsync(MessagingPlatform.Sms, Number, "Hi");

        fleet.StopEngine();

        // A STOP that cannot be stored must not be acknowledged: the exception leaves the queue message for redelivery.
        Assert.That(async () => await fleet.Host.Inbound.ProcessMessageAsync(new Inbound.InboundMessage(MessagingPlatform.Sms, Number, "STOP")), Throws.Exception);
    }

    private async Task<OwnEngine> OwnEngineHostAsync(CountingProvider provider, Action<IMessagingBuilder>? build = null)
    {
        if ((engine == Engine.Redis ? Engines.Redis.MissingReason : Dynalite.MissingReason) is { } missing)
        {
            throw SharedEngines.Skip(missing);
        }

        var process = engine == Engine.Redis ? await Engines.Redis.StartAsync() : await Dynalite.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Critical));
        var builder = services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddSmsProvider(_ => provider).AddWhatsAppProvider(_ => provider);
        if (engine == Engine.Redis)
        {
            builder.UseRedisStores(o => o.ConnectionString = Engines.Redis.ConnectionString(process));
        }
        else
        {
            builder.UseDynamoDbStores(o =>
            {
                o.ServiceUrl = Dynalite.ServiceUrl(process);
                o.TableName = "stopped-engine";
                o.CreateTableIfMissing = true;
            });
        }

        build?.Invoke(builder);
        return new OwnEngine(process, services.BuildServiceProvider());
    }

    private sealed class OwnEngine(EngineProcess process, ServiceProvider services) : IAsyncDisposable
    {
        public (IMessagingClient Client, Inbound.IInboundPipeline Inbound) Host =>
            (services.GetRequiredService<IMessagingClient>(), services.GetRequiredService<Inbound.IInboundPipeline>());

        public void StopEngine() => process.Dispose();

        public async ValueTask DisposeAsync()
        {
            await services.DisposeAsync();
            process.Dispose();
        }
    }
}
