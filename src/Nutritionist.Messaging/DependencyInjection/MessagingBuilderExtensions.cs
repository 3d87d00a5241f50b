using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Routing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Provider and store registration on <see cref="IMessagingBuilder"/>.</summary>
public static class MessagingBuilderExtensions
{
    /// <summary>
    /// Registers the SMS provider. There is one SMS provider: a second registration replaces the first
    /// (so <c>AddAwsSms()</c> followed by <c>AddSmsProvider&lt;MyProvider&gt;()</c> sends through <c>MyProvider</c>).
    /// </summary>
    /// <typeparam name="TProvider">The provider type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddSmsProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider>(this IMessagingBuilder builder)
        where TProvider : class, ISmsProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<ISmsProvider>();
        builder.Services.AddSingleton<ISmsProvider, TProvider>();
        return builder;
    }

    /// <summary>Registers the SMS provider from a factory, replacing any earlier one.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the provider (once; it is a singleton).</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddSmsProvider(this IMessagingBuilder builder, Func<IServiceProvider, ISmsProvider> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<ISmsProvider>();
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Registers the WhatsApp provider, replacing any earlier one.</summary>
    /// <typeparam name="TProvider">The provider type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddWhatsAppProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider>(this IMessagingBuilder builder)
        where TProvider : class, IWhatsAppProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IWhatsAppProvider>();
        builder.Services.AddSingleton<IWhatsAppProvider, TProvider>();
        return builder;
    }

    /// <summary>Registers the WhatsApp provider from a factory, replacing any earlier one.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the provider (once; it is a singleton).</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddWhatsAppProvider(this IMessagingBuilder builder, Func<IServiceProvider, IWhatsAppProvider> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<IWhatsAppProvider>();
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>
    /// Registers an SMS provider under <paramref name="name"/>, beside the unnamed one and other named ones; routing
    /// (<see cref="ConfigureRouting"/>, <c>NutritionistMessaging:Routing:Sms</c>) decides which sends each message. A second
    /// registration with the same name replaces the first. Each named provider has its own circuit breaker, rate limiter,
    /// health-check entry and <c>messaging.provider</c> tag, and results name it in <see cref="SendResult.ProviderName"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The provider's name: 1–64 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</param>
    /// <param name="factory">Creates the provider (once; it is a singleton).</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddSmsProvider(this IMessagingBuilder builder, string name, Func<IServiceProvider, ISmsProvider> factory) =>
        AddNamed(builder, MessagingPlatform.Sms, name, factory);

    /// <summary>
    /// Registers a WhatsApp provider under <paramref name="name"/>, beside the unnamed one and other named ones; routing
    /// (<see cref="ConfigureRouting"/>, <c>NutritionistMessaging:Routing:WhatsApp</c>) decides which sends each message. A
    /// second registration with the same name replaces the first. Each named provider has its own circuit breaker, rate
    /// limiter, health-check entry and <c>messaging.provider</c> tag, and results name it in <see cref="SendResult.ProviderName"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The provider's name: 1–64 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</param>
    /// <param name="factory">Creates the provider (once; it is a singleton).</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddWhatsAppProvider(this IMessagingBuilder builder, string name, Func<IServiceProvider, IWhatsAppProvider> factory) =>
        AddNamed(builder, MessagingPlatform.WhatsApp, name, factory);

    /// <summary>
    /// For provider packages' named registrations: <see cref="TryAddRegistration"/> with the named provider's HTTP client
    /// name as the key and its settings section, <c>NutritionistMessaging:Providers:{name}</c>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="clientName">The provider's HTTP client name, unique per provider type and name.</param>
    /// <param name="section">The provider's settings section, or <see langword="null"/> when there is none.</param>
    /// <returns>Whether this is the first registration of <paramref name="clientName"/>.</returns>
    public static bool TryAddNamedProvider(this IMessagingBuilder builder, string name, string clientName, out IConfigurationSection? section) =>
        TryAddRegistration(builder, clientName, $"{MessagingRoutingOptions.ProvidersSectionName}:{name}", out section);

    /// <summary>
    /// The one test of "already registered" behind every <c>Add…</c>/<c>Use…</c> on the builder (providers named or not,
    /// stores, health checks, the sandbox): marks <paramref name="registrationKey"/> as registered and returns
    /// <see langword="true"/> the first time only, with the builder's settings section <paramref name="sectionPath"/> (under
    /// <c>NutritionistMessaging</c>) when the builder was created from configuration and the section exists. Bind that
    /// section and add the services only on <see langword="true"/>: registering again must neither bind a list twice (its
    /// items would be appended again) nor add an HTTP client's handlers twice. A section or action given to a later call is
    /// still applied, after the earlier ones.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="registrationKey">What is registered, unique per component and name (a provider's HTTP client name).</param>
    /// <param name="sectionPath">The component's default section under <c>NutritionistMessaging</c> (<c>Twilio</c>, <c>Providers:meta</c>).</param>
    /// <param name="section">The default section, or <see langword="null"/> when there is none.</param>
    /// <returns>Whether this is the first registration of <paramref name="registrationKey"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="registrationKey"/> or <paramref name="sectionPath"/> is null or empty.</exception>
    public static bool TryAddRegistration(this IMessagingBuilder builder, string registrationKey, string sectionPath, out IConfigurationSection? section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(registrationKey);
        ArgumentException.ThrowIfNullOrEmpty(sectionPath);
        section = null;
        var services = builder.Services;
        if (services.Any(d => d.ImplementationInstance is Registration r && r.Key == registrationKey))
        {
            return false;
        }

        services.AddSingleton(new Registration(registrationKey));
        if (builder.Configuration?.GetSection(sectionPath) is { } candidate && candidate.Exists())
        {
            section = candidate;
        }

        return true;
    }

    /// <summary>
    /// Sets which named provider sends each message (rules by country, message property or weight; a default; a failover
    /// list), after the <c>NutritionistMessaging:Routing</c> section when the builder was created from configuration.
    /// Validated against the registered providers when the host starts.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets <see cref="MessagingRoutingOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging()
    ///     .AddTwilioWhatsApp("twilio", o => o.From = "whatsapp:+14155238886")
    ///     .AddMetaWhatsApp("meta", o => o.PhoneNumberId = "106540352242922")
    ///     .ConfigureRouting(o =>
    ///     {
    ///         o.WhatsApp.Rules.Add(new ProviderRoutingRule { Countries = ["BR", "MX"], Provider = "meta" });
    ///         o.WhatsApp.Default = "twilio";
    ///     });
    /// </code>
    /// </example>
    public static IMessagingBuilder ConfigureRouting(this IMessagingBuilder builder, Action<MessagingRoutingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Throws unless <paramref name="name"/> can name a provider (it appears in health-check names, metrics and configuration keys).</summary>
    private static void ThrowIfInvalidProviderName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > 64 || !name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"A provider name is 1–64 letters, digits, '-', '_' or '.'; got \"{name}\".", nameof(name));
        }
    }

    private static IMessagingBuilder AddNamed<TProvider>(IMessagingBuilder builder, MessagingPlatform platform, string name, Func<IServiceProvider, TProvider> factory)
        where TProvider : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ThrowIfInvalidProviderName(name);
        ArgumentNullException.ThrowIfNull(factory);
        var services = builder.Services;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].IsKeyedService && services[i].ServiceType == typeof(TProvider) && Equals(services[i].ServiceKey, name))
            {
                services.RemoveAt(i);
            }
        }

        services.AddKeyedSingleton(name, (sp, _) => factory(sp));
        var registration = new ProviderRegistration(platform, name);
        if (!services.Any(d => !d.IsKeyedService && Equals(d.ImplementationInstance, registration)))
        {
            services.AddSingleton(registration);
        }
        return builder;
    }

    /// <summary>Replaces the in-memory opt-out store with a shared one (database, distributed cache).</summary>
    /// <typeparam name="TStore">The store type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseOptOutStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this IMessagingBuilder builder)
        where TStore : class, IOptOutStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IOptOutStore, TStore>());
        return builder;
    }

    /// <summary>Replaces the in-memory delivery tracker with a shared one.</summary>
    /// <typeparam name="TTracker">The tracker type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseDeliveryTracker<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTracker>(this IMessagingBuilder builder)
        where TTracker : class, IDeliveryTracker
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IDeliveryTracker, TTracker>());
        return builder;
    }

    /// <summary>Replaces the in-memory WhatsApp window store with a shared one.</summary>
    /// <typeparam name="TStore">The store type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseConversationWindowStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this IMessagingBuilder builder)
        where TStore : class, IConversationWindowStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IConversationWindowStore, TStore>());
        return builder;
    }

    /// <summary>
    /// Replaces the in-memory send-claim store with a shared one, so that a <see cref="OutboundMessage.ClientReference"/>
    /// makes a send happen once across every instance that shares it.
    /// </summary>
    /// <typeparam name="TStore">The store type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseSendClaimStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this IMessagingBuilder builder)
        where TStore : class, ISendClaimStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<ISendClaimStore, TStore>());
        return builder;
    }

    /// <summary>Adds a handler for messages people send (any number may be added; each sees every message).</summary>
    /// <typeparam name="THandler">The handler type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddInboundMessageHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IMessagingBuilder builder)
        where THandler : class, IInboundMessageHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInboundMessageHandler, THandler>());
        return builder;
    }

    /// <summary>Adds a handler for delivery status updates (any number may be added).</summary>
    /// <typeparam name="THandler">The handler type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddDeliveryStatusHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IMessagingBuilder builder)
        where THandler : class, IDeliveryStatusHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryStatusHandler, THandler>());
        return builder;
    }

    /// <summary>Marks a component (a provider, named or not; stores; health checks) whose section is bound and whose services are added.</summary>
    private sealed record Registration(string Key);
}
