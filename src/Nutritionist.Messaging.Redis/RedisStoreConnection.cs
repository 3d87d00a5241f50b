using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Nutritionist.Messaging.Redis;

/// <summary>
/// The stores' one connection: the <see cref="IConnectionMultiplexer"/> registered in DI, else one made (on first use, so
/// start-up never waits for Redis) from <see cref="RedisStoreOptions.ConnectionString"/> and disposed with the host.
/// </summary>
/// <remarks>Thread-safe. A failed connection attempt is not cached: the next call tries again.</remarks>
internal sealed class RedisStoreConnection : IAsyncDisposable, IDisposable
{
    private readonly RedisStoreOptions _options;
    private readonly IConnectionMultiplexer? _shared;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnectionMultiplexer? _owned;

    public RedisStoreConnection(IOptions<RedisStoreOptions> options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _shared = services.GetService<IConnectionMultiplexer>();
        Prefix = _options.KeyPrefix;
    }

    /// <summary>The key prefix.</summary>
    public string Prefix { get; }

    /// <summary>How long delivery records are kept.</summary>
    public TimeSpan DeliveryRetention => _options.DeliveryRetention;

    public async ValueTask<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        var multiplexer = _shared ?? _owned ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return multiplexer.GetDatabase(_options.Database);
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is { } owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    // Hosts disposed synchronously (a plain ServiceProvider.Dispose()) need this too.
    public void Dispose()
    {
        _owned?.Dispose();
        _gate.Dispose();
    }

    private async ValueTask<IConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_owned is { } done)
            {
                return done;
            }

            _owned = await ConnectionMultiplexer.ConnectAsync(_options.ConnectionString!).ConfigureAwait(false);
            return _owned;
        }
        finally
        {
            _gate.Release();
        }
    }
}
