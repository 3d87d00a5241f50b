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
    /// store). Add providers on the returned builder: <c>.AddAwsSms()</c>, <c>.AddTwilioWhatsApp()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="MessagingOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddAwsSms().AddTwilioWhatsApp();
    /// </code>
    /// </example>
    public static IMessagingBuilder AddNutritionistMessaging(this IServiceCollection services, Action<MessagingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = AddCore(services, null);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    /// <summary>
    /// Registers <see cref="IMessagingClient"/> with options read from the <c>NutritionistMessaging</c> section of
    /// <paramref name="configuration"/>. Provider extensions read <c>NutritionistMessaging:Aws</c> and
    /// <c>NutritionistMessaging:Twilio</c> from the same section.
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
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(MessagingOptions.SectionName);
        var builder = AddCore(services, section);
        services.AddOptions<MessagingOptions>().Bind(section);
        services.AddOptions<MessagingCostOptions>().Bind(section.GetSection("Costs"));
        services.AddOptions<MessagingCostComparisonOptions>().Bind(section.GetSection("CostComparison"));
        services.AddOptions<MessagingRoutingOptions>().Bind(section.GetSection(MessagingRoutingOptions.SectionName));
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
