using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nutritionist.Messaging.SharedState.Tests;

/// <summary>The provider side of a fleet: counts every request any host makes; <see cref="Gate"/> can hold sends in flight.</summary>
internal sealed class CountingProvider : ISmsProvider, IWhatsAppProvider
{
    private int _requests;

    public string Name => "counting";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>When set, each send waits for it (after counting), so a test can hold a send in flight.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completes when a send has reached the provider.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ProviderReceipt> SendAsync(SmsMessage message, CancellationToken cancellationToken = default) => SendAsync("sms");

    public Task<ProviderReceipt> SendAsync(WhatsAppMessage message, CancellationToken cancellationToken = default) => SendAsync("wa");

    private async Task<ProviderReceipt> SendAsync(string prefix)
    {
        var n = Interlocked.Increment(ref _requests);
        Entered.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        return new ProviderReceipt($"{prefix}-{n}-{Guid.NewGuid():N}");
    }
}

/// <summary>Which shared engine a fleet uses.</summary>
public enum Engine
{
    Redis,
    DynamoDb,
}

/// <summary>One host of a fleet: its own service provider, sharing the engine (and the provider) with the others.</summary>
internal sealed class FleetHost : IAsyncDisposable
{
    private FleetHost(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public IMessagingClient Client => Services.GetRequiredService<IMessagingClient>();

    public Nutritionist.Messaging.Inbound.IInboundPipeline Inbound => Services.GetRequiredService<Nutritionist.Messaging.Inbound.IInboundPipeline>();

    public Nutritionist.Messaging.Delivery.IDeliveryTracker Tracker => Services.GetRequiredService<Nutritionist.Messaging.Delivery.IDeliveryTracker>();

    /// <summary>
    /// A host whose stores are all in <paramref name="engine"/> under <paramref name="scope"/> (a key prefix or table),
    /// sending through <paramref name="provider"/> (or the providers <paramref name="build"/> adds, when it is null).
    /// </summary>
    public static FleetHost Start(Engine engine, string scope, CountingProvider? provider, Action<IMessagingBuilder>? build = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        var builder = services.AddNutritionistMessaging(o => o.DefaultRegion = "US");
        if (provider is not null)
        {
            builder.AddSmsProvider(_ => provider).AddWhatsAppProvider(_ => provider);
        }

        if (engine == Engine.Redis)
        {
            var connectionString = SharedEngines.RedisConnectionString;
            builder.UseRedisStores(o =>
            {
                o.ConnectionString = connectionString;
                o.KeyPrefix = scope;
            });
        }
        else
        {
            var url = SharedEngines.DynaliteUrl;
            builder.UseDynamoDbStores(o =>
            {
                o.ServiceUrl = url;
                o.TableName = scope;
                o.CreateTableIfMissing = true;
            });
        }

        build?.Invoke(builder);
        return new FleetHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    /// <summary>A fresh scope (key prefix or table name), so fleets of different tests never meet.</summary>
    public static string NewScope(Engine engine) =>
        engine == Engine.Redis ? "fleet-" + Guid.NewGuid().ToString("N")[..8] + ":" : "fleet-" + Guid.NewGuid().ToString("N")[..12];

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
