namespace Nutritionist.Messaging.Redis;

/// <summary>Settings of the Redis stores, bound from <c>NutritionistMessaging:Redis</c>.</summary>
/// <example>
/// <code>
/// "NutritionistMessaging": { "Redis": { "ConnectionString": "cache.internal:6379,ssl=true,password=…", "KeyPrefix": "coach:" } }
/// </code>
/// </example>
public sealed class RedisStoreOptions
{
    /// <summary>The default of <see cref="KeyPrefix"/>.</summary>
    public const string DefaultKeyPrefix = "nutritionist:";

    /// <summary>The default of <see cref="DeliveryRetention"/>: 30 days.</summary>
    public static readonly TimeSpan DefaultDeliveryRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// A StackExchange.Redis connection string (<c>host:6379,password=…,ssl=true</c>). Required unless an
    /// <c>IConnectionMultiplexer</c> is registered in DI, which is then used instead (and not disposed by the stores).
    /// Never logged: it may hold a password.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The logical database; -1 (the default) is the connection's default database.</summary>
    public int Database { get; set; } = -1;

    /// <summary>Put before every key, so several applications can share one Redis. Default <c>nutritionist:</c>; may be empty.</summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>How long a delivery record is kept after its last change. Default: 30 days.</summary>
    public TimeSpan DeliveryRetention { get; set; } = DefaultDeliveryRetention;
}
