using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Meta;
using Nutritionist.Messaging.Meta.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Meta WhatsApp Cloud API provider on an <see cref="IMessagingBuilder"/>.</summary>
public static class MetaWhatsAppMessagingBuilderExtensions
{
    /// <summary>
    /// Sends WhatsApp messages straight through Meta's Cloud API, replacing any WhatsApp provider registered before (so
    /// switching from Twilio is this one call, or configuration). Settings come from the builder's
    /// <c>NutritionistMessaging:Meta</c> section (when the builder was created from configuration), then the environment
    /// variables <c>META_WHATSAPP_TOKEN</c>, <c>META_WHATSAPP_PHONE_NUMBER_ID</c>, <c>META_APP_SECRET</c> and
    /// <c>META_WEBHOOK_VERIFY_TOKEN</c> for whatever is still unset; they are validated when the host starts. Also registers
    /// <see cref="MetaWebhookProcessor"/>, which checks and parses Meta's webhooks and feeds them to the inbound pipeline,
    /// <see cref="MetaMediaResolver"/>, and (unless registered before) <see cref="IWhatsAppTemplateCatalog"/> over the
    /// WhatsApp Business Account's message templates (<c>META_WABA_ID</c>) and <see cref="IWhatsAppBusinessProfile"/> of the
    /// phone number. Calling it again registers nothing twice; a section or action given to a later call applies after the
    /// earlier ones.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddMetaWhatsApp(this IMessagingBuilder builder) => AddMetaWhatsAppCore(builder, null, null, null);

    /// <summary>
    /// Sends WhatsApp messages through Meta's Cloud API (see <see cref="AddMetaWhatsApp(IMessagingBuilder)"/>), with
    /// <paramref name="section"/> bound after the builder's <c>NutritionistMessaging:Meta</c> section.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="section">A section holding <see cref="MetaWhatsAppOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddMetaWhatsApp(this IMessagingBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddMetaWhatsAppCore(builder, null, section, null);
    }

    /// <summary>
    /// Sends WhatsApp messages through Meta's Cloud API (see <see cref="AddMetaWhatsApp(IMessagingBuilder)"/>), with
    /// <paramref name="configure"/> applied after the builder's <c>NutritionistMessaging:Meta</c> section.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="configure">Sets <see cref="MetaWhatsAppOptions"/> in code.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
    ///         .AddMetaWhatsApp(o => o.PhoneNumberId = "106540352242922");
    /// </code>
    /// </example>
    public static IMessagingBuilder AddMetaWhatsApp(this IMessagingBuilder builder, Action<MetaWhatsAppOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddMetaWhatsAppCore(builder, null, null, configure);
    }

    /// <summary>
    /// Sends WhatsApp messages through the Cloud API phone number registered as <paramref name="name"/>, beside the other
    /// WhatsApp providers (Twilio, a second Meta number, AWS); <c>NutritionistMessaging:Routing:WhatsApp</c> decides which one
    /// sends each message. Settings come from <c>NutritionistMessaging:Providers:{name}</c> (when the builder was created
    /// from configuration); environment variables feed only the unnamed registration. The number has its own options
    /// instance (<c>IOptionsMonitor&lt;MetaWhatsAppOptions&gt;.Get(name)</c>, validated when the host starts), HTTP client,
    /// circuit breaker, rate limiter and health-check entry. Webhooks and the media resolver stay with the unnamed
    /// registration.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics (<c>meta</c>).</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddMetaWhatsApp(this IMessagingBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return AddMetaWhatsAppCore(builder, name, null, null);
    }

    /// <summary>
    /// Registers the Cloud API phone number <paramref name="name"/> (see <see cref="AddMetaWhatsApp(IMessagingBuilder, string)"/>),
    /// with <paramref name="section"/> bound after <c>NutritionistMessaging:Providers:{name}</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics.</param>
    /// <param name="section">A section holding this number's <see cref="MetaWhatsAppOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddMetaWhatsApp(this IMessagingBuilder builder, string name, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        return AddMetaWhatsAppCore(builder, name, section, null);
    }

    /// <summary>
    /// Registers the Cloud API phone number <paramref name="name"/> (see <see cref="AddMetaWhatsApp(IMessagingBuilder, string)"/>),
    /// with <paramref name="configure"/> applied after <c>NutritionistMessaging:Providers:{name}</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics (<c>meta</c>).</param>
    /// <param name="configure">Sets this number's <see cref="MetaWhatsAppOptions"/> in code.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
    ///         .AddTwilioWhatsApp("twilio")
    ///         .AddMetaWhatsApp("meta", o => o.PhoneNumberId = "106540352242922");
    /// </code>
    /// </example>
    public static IMessagingBuilder AddMetaWhatsApp(this IMessagingBuilder builder, string name, Action<MetaWhatsAppOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        return AddMetaWhatsAppCore(builder, name, null, configure);
    }

    /// <summary>
    /// Every overload ends here: the default section (<c>NutritionistMessaging:Meta</c>, or
    /// <c>NutritionistMessaging:Providers:{name}</c>), then <paramref name="section"/>, then <paramref name="configure"/>;
    /// validated on start; <see cref="MessagingBuilderExtensions.TryAddRegistration"/> decides "already registered".
    /// </summary>
    private static IMessagingBuilder AddMetaWhatsAppCore(IMessagingBuilder builder, string? name, IConfigurationSection? section, Action<MetaWhatsAppOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        string clientName;
        bool first;
        IConfigurationSection? defaultSection;
        if (name is null)
        {
            clientName = MetaHttp.ClientName;
            first = builder.TryAddRegistration(clientName, MetaWhatsAppOptions.SectionName, out defaultSection);
        }
        else
        {
            clientName = MetaHttp.ClientNameFor(name);
            var numberClient = clientName;
            builder.AddWhatsAppProvider(name, sp => new MetaWhatsAppProvider(
                sp.GetRequiredService<IOptionsMonitor<MetaWhatsAppOptions>>().Get(name),
                sp.GetRequiredService<IHttpClientFactory>(),
                sp.GetService<TimeProvider>(),
                sp.GetService<ILogger<MetaWhatsAppProvider>>(),
                numberClient));
            first = builder.TryAddNamedProvider(name, clientName, out defaultSection);
        }

        var optionsName = name ?? Microsoft.Extensions.Options.Options.DefaultName;
        var optionsBuilder = services.AddOptionsWithValidateOnStart<MetaWhatsAppOptions>(optionsName);
        if (first)
        {
            if (defaultSection is not null)
            {
                optionsBuilder.Bind(defaultSection);
            }

            AddHttpClient(services, clientName, optionsName);
        }

        if (section is not null)
        {
            optionsBuilder.Bind(section);
        }

        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddSingleton<MetaEnvironment>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<MetaWhatsAppOptions>, MetaWhatsAppOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetaWhatsAppOptions>, MetaWhatsAppOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        if (name is not null)
        {
            return builder;
        }

        services.TryAddSingleton(static sp => new MetaWebhookProcessor(
            sp.GetRequiredService<IOptions<MetaWhatsAppOptions>>(),
            sp.GetRequiredService<IInboundPipeline>(),
            sp.GetService<ILogger<MetaWebhookProcessor>>(),
            sp.GetService<TimeProvider>()));

        // The template catalog (needs WabaId) and business profile of the same phone number, unless another provider's came first.
        services.TryAddSingleton<IWhatsAppTemplateCatalog>(static sp => new MetaTemplateCatalog(Graph(sp)));
        services.TryAddSingleton<IWhatsAppBusinessProfile>(static sp => new MetaBusinessProfile(Graph(sp)));

        services.TryAddSingleton(static sp => new MetaMediaResolver(
            sp.GetRequiredService<IOptions<MetaWhatsAppOptions>>(),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetService<TimeProvider>()));

        // Replaces any WhatsApp provider registered before (idempotent for this one).
        builder.AddWhatsAppProvider(static sp => new MetaWhatsAppProvider(
            sp.GetRequiredService<IOptions<MetaWhatsAppOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<MetaWhatsAppProvider>>()));
        return builder;
    }

    private static MetaGraph Graph(IServiceProvider sp) => new(
        sp.GetRequiredService<IOptions<MetaWhatsAppOptions>>().Value,
        sp.GetRequiredService<IHttpClientFactory>(),
        sp.GetService<TimeProvider>() ?? TimeProvider.System);

    private static void AddHttpClient(IServiceCollection services, string clientName, string optionsName) =>
        // DisableSendRetries: no handler from outside (a host's ConfigureHttpClientDefaults resilience handler, say)
        // may re-send a message; the router owns retries. The provider logs each call itself (Debug).
        services.AddHttpClient(clientName)
            .RemoveAllLoggers()
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptionsMonitor<MetaWhatsAppOptions>>().Get(optionsName).RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                // Recycle pooled connections so DNS changes are seen.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .DisableSendRetries()
            .UseMessagingEmulator();
}
