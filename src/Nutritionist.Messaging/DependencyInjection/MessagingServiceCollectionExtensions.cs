using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Costs;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Internal;
using Nutritionist.Messaging.OptOut;
using System.Diagnostics.Metrics;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Routing;
using Nutritionist.Messaging.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Nutritionist.Messaging in a service collection.</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMessagingClient"/> and the services around it (phone number normalizer, in-memory opt-out
    /// store, delivery tracker, inbound pipeline), with <see cref="MessagingOptions"/> at their defaults and validated when
    /// the host starts. Add providers on the returned builder: <c>.AddAwsSms()</c>, <c>.AddTwilioWhatsApp()</c>. Calling it
    /// again registers nothing twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddNutritionistMessaging(this IServiceCollection services) => AddNutritionistMessagingCore(services, null, null);

    /// <summary>
    /// Registers <see cref="IMessagingClient"/> (see <see cref="AddNutritionistMessaging(IServiceCollection)"/>) with options
    /// read from <paramref name="section"/>, the <c>NutritionistMessaging</c> section: <see cref="MessagingOptions"/> from the
    /// section itself, cost, cost-comparison and routing options from its <c>Costs</c>, <c>CostComparison</c> and
    /// <c>Routing</c> sub-sections. Provider extensions on the returned builder read their own sub-sections (<c>Aws</c>,
    /// <c>Twilio</c>, <c>Providers:{name}</c>) from it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The <c>NutritionistMessaging</c> section.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddNutritionistMessaging(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddNutritionistMessagingCore(services, section, null);
    }

    /// <summary>
    /// Registers <see cref="IMessagingClient"/> (see <see cref="AddNutritionistMessaging(IServiceCollection)"/>) with
    /// <see cref="MessagingOptions"/> set by <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="MessagingOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddAwsSms().AddTwilioWhatsApp();
    /// </code>
    /// </example>
    public static IMessagingBuilder AddNutritionistMessaging(this IServiceCollection services, Action<MessagingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddNutritionistMessagingCore(services, null, configure);
    }

    /// <summary>
    /// Registers <see cref="IMessagingClient"/> with options read from the <c>NutritionistMessaging</c> section of the
    /// application's configuration: the same as <see cref="AddNutritionistMessaging(IServiceCollection, IConfigurationSection)"/>
    /// with <c>configuration.GetSection("NutritionistMessaging")</c>, for the common case of passing the whole configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application's configuration (its root, holding the <c>NutritionistMessaging</c> section).</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddNutritionistMessaging(builder.Configuration).AddAwsSms().AddTwilioWhatsApp();
    /// </code>
    /// </example>
    public static IMessagingBuilder AddNutritionistMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddNutritionistMessagingCore(services, configuration.GetSection(MessagingOptions.SectionName), null);
    }

    /// <summary>
    /// Every overload ends here: <paramref name="section"/> (and its sub-sections), then <paramref name="configure"/>;
    /// validated on start; <see cref="MessagingBuilderExtensions.TryAddRegistration"/> decides whether the section was bound.
    /// </summary>
    private static MessagingBuilder AddNutritionistMessagingCore(IServiceCollection services, IConfigurationSection? section, Action<MessagingOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = AddCore(services, section);

        // A section is bound once however often it is passed: binding a list (routing rules) twice would append its items again.
        if (section is not null && builder.TryAddRegistration($"{MessagingOptions.SectionName}@{section.Path}", MessagingRoutingOptions.SectionName, out _))
        {
            services.AddOptions<MessagingOptions>().Bind(section);
            services.AddOptions<MessagingCostOptions>().Bind(section.GetSection("Costs"));
            services.AddOptions<MessagingCostComparisonOptions>().Bind(section.GetSection("CostComparison"));
            services.AddOptions<MessagingRoutingOptions>().Bind(section.GetSection(MessagingRoutingOptions.SectionName));
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    private static MessagingBuilder AddCore(IServiceCollection services, IConfiguration? section)
    {
        services.AddOptionsWithValidateOnStart<MessagingOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsAnnotationsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptionsWithValidateOnStart<MessagingCostOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingCostOptions>, MessagingCostOptionsValidator>());
        services.TryAddSingleton<IMessagingCostEstimator, MessagingCostEstimator>();
        services.AddOptionsWithValidateOnStart<MessagingCostComparisonOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingCostComparisonOptions>, MessagingCostComparisonOptionsValidator>());
        services.TryAddSingleton<MessagingCostComparison>();
        services.TryAddSingleton(static sp => new MessagingInstrumentation(
            sp.GetRequiredService<TimeProvider>(), sp.GetService<IOptions<MessagingCostOptions>>(), sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IMessagingStatistics>(static sp => sp.GetRequiredService<MessagingInstrumentation>());
        services.TryAddSingleton<IPhoneNumberNormalizer>(static sp => new PhoneNumberNormalizer(sp.GetRequiredService<IOptions<MessagingOptions>>()));
        services.TryAddSingleton<IOptOutStore, InMemoryOptOutStore>();
        services.TryAddSingleton<IConversationWindowStore>(static sp => new InMemoryConversationWindowStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IDeliveryTracker>(static sp => new InMemoryDeliveryTracker(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ISendClaimStore>(static sp => new InMemorySendClaimStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IInboundPipeline, InboundPipeline>();
        services.AddOptionsWithValidateOnStart<MessagingRoutingOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingRoutingOptions>, MessagingRoutingOptionsValidator>());
        services.TryAddSingleton(static sp => new MessagingProviders(sp, sp.GetServices<ProviderRegistration>()));
        services.TryAddSingleton<IMessagingClient, MessagingRouter>();
        return new MessagingBuilder(services, section);
    }
}
