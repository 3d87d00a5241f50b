using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.DynamoDB;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the DynamoDB stores on <see cref="IMessagingBuilder"/>.</summary>
public static class DynamoDbMessagingBuilderExtensions
{
    /// <summary>The configuration sub-section (under <c>NutritionistMessaging</c>) the options are read from.</summary>
    public const string ConfigurationSectionName = "DynamoDB";

    /// <summary>
    /// Keeps opt-outs, WhatsApp windows, delivery records and send claims in one DynamoDB table, shared by every host and
    /// Lambda instance that uses it. Options come from <c>NutritionistMessaging:DynamoDB</c> when the builder was created
    /// from configuration; they are validated when the host starts. Replaces the stores registered before.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseDynamoDbStores(this IMessagingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return UseDynamoDbStoresCore(builder, null, null);
    }

    /// <summary>Keeps the stores in DynamoDB, with <paramref name="section"/> bound after the builder's <c>NutritionistMessaging:DynamoDB</c> section.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">The section holding <see cref="DynamoDbStoreOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseDynamoDbStores(this IMessagingBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        return UseDynamoDbStoresCore(builder, section, null);
    }

    /// <summary>Keeps the stores in DynamoDB, with options set by <paramref name="configure"/> (after the configuration section, if any).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets <see cref="DynamoDbStoreOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging().AddAwsSms().UseDynamoDbStores(o => o.TableName = "coach-messaging");
    /// </code>
    /// </example>
    public static IMessagingBuilder UseDynamoDbStores(this IMessagingBuilder builder, Action<DynamoDbStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return UseDynamoDbStoresCore(builder, null, configure);
    }

    /// <summary>
    /// Every overload ends here: <c>NutritionistMessaging:DynamoDB</c> (bound once), then
    /// <paramref name="section"/>, then <paramref name="configure"/>; validated on start;
    /// <see cref="MessagingBuilderExtensions.TryAddRegistration"/> decides "already registered".
    /// </summary>
    private static IMessagingBuilder UseDynamoDbStoresCore(IMessagingBuilder builder, IConfigurationSection? section, Action<DynamoDbStoreOptions>? configure)
    {
        var services = builder.Services;
        var options = services.AddOptionsWithValidateOnStart<DynamoDbStoreOptions>();
        if (builder.TryAddRegistration(typeof(DynamoDbStoreOptions).FullName!, ConfigurationSectionName, out var defaultSection) && defaultSection is not null)
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

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DynamoDbStoreOptions>, DynamoDbStoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DynamoDbStoreContext>();

        // The same mechanism as UseOptOutStore<T>() and friends: each replaces what was registered before.
        return builder
            .UseOptOutStore<DynamoDbOptOutStore>()
            .UseConversationWindowStore<DynamoDbConversationWindowStore>()
            .UseDeliveryTracker<DynamoDbDeliveryTracker>()
            .UseSendClaimStore<DynamoDbSendClaimStore>();
    }
}
