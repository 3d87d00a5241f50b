using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis stores on <see cref="IMessagingBuilder"/>.</summary>
public static class RedisMessagingBuilderExtensions
{
    /// <summary>The configuration sub-section (under <c>NutritionistMessaging</c>) the options are read from.</summary>
    public const string ConfigurationSectionName = "Redis";

    /// <summary>
    /// Keeps opt-outs, WhatsApp windows, delivery records and send claims in Redis, shared by every host that uses the
    /// same Redis and key prefix. Options come from <c>NutritionistMessaging:Redis</c> when the builder was created from
    /// configuration; they are validated when the host starts. Replaces the stores registered before.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseRedisStores(this IMessagingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return UseRedisStoresCore(builder, null, null);
    }

    /// <summary>Keeps the stores in Redis, with <paramref name="section"/> bound after the builder's <c>NutritionistMessaging:Redis</c> section.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">The section holding <see cref="RedisStoreOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseRedisStores(this IMessagingBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        return UseRedisStoresCore(builder, section, null);
    }

    /// <summary>Keeps the stores in Redis, with options set by <paramref name="configure"/> (after the configuration section, if any).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets <see cref="RedisStoreOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging().AddAwsSms().UseRedisStores(o => o.ConnectionString = "cache.internal:6379");
    /// </code>
    /// </example>
    public static IMessagingBuilder UseRedisStores(this IMessagingBuilder builder, Action<RedisStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return UseRedisStoresCore(builder, null, configure);
    }

    /// <summary>
    /// Every overload ends here: <c>NutritionistMessaging:Redis</c> (bound once), then
    /// <paramref name="section"/>, then <paramref name="configure"/>; validated on start;
    /// <see cref="MessagingBuilderExtensions.TryAddRegistration"/> decides "already registered".
    /// </summary>
    private static IMessagingBuilder UseRedisStoresCore(IMessagingBuilder builder, IConfigurationSection? section, Action<RedisStoreOptions>? configure)
    {
        var services = builder.Services;
        var options = services.AddOptionsWithValidateOnStart<RedisStoreOptions>();
        if (builder.TryAddRegistration(typeof(RedisStoreOptions).FullName!, ConfigurationSectionName, out var defaultSection) && defaultSection is not null)
        {
            options.Bind(defaultSection);
        }

        if (section is not null)
        {
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisStoreOptions>, RedisStoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RedisStoreConnection>();

        // The same mechanism as UseOptOutStore<T>() and friends: each replaces what was registered before.
        return builder
            .UseOptOutStore<RedisOptOutStore>()
            .UseConversationWindowStore<RedisConversationWindowStore>()
            .UseDeliveryTracker<RedisDeliveryTracker>()
            .UseSendClaimStore<RedisSendClaimStore>();
    }
}
