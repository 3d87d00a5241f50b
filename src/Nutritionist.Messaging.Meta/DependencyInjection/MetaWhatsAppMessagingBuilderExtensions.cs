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
    /// <c>NutritionistMessaging:Meta</c> section (when the builder was created from configuration), then
    /// <paramref name="configure"/>, then the environment variables <c>META_WHATSAPP_TOKEN</c>,
    /// <c>META_WHATSAPP_PHONE_NUMBER_ID</c>, <c>META_APP_SECRET</c> and <c>META_WEBHOOK_VERIFY_TOKEN</c> for whatever is
    /// still unset; they are validated when the host starts. Also registers <see cref="MetaWebhookProcessor"/>, which
    /// checks and parses Meta's webhooks and feeds them to the inbound pipeline, <see cref="MetaMediaResolver"/>, and
    /// (unless registered before) <see cref="IWhatsAppTemplateCatalog"/> over the WhatsApp Business Account's message
    /// templates (<c>META_WABA_ID</c>) and <see cref="IWhatsAppBusinessProfile"/> of the phone number.
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
    public static IMessagingBuilder AddMetaWhatsApp(this IMessagingBuilder builder, Action<MetaWhatsAppOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        var optionsBuilder = services.AddOptionsWithValidateOnStart<MetaWhatsAppOptions>();
        if (builder.Configuration?.GetSection(MetaWhatsAppOptions.SectionName) is { } section && section.Exists())
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

        // A second AddMetaWhatsApp() adds its configure action to the first; the HTTP client is configured once.
        if (!services.Any(static d => d.ServiceType == typeof(MetaHttpClientMarker)))
        {
            services.AddSingleton<MetaHttpClientMarker>();
            AddHttpClient(services, MetaHttp.ClientName, Microsoft.Extensions.Options.Options.DefaultName);
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

    /// <summary>
    /// Sends WhatsApp messages through the Cloud API phone number registered as <paramref name="name"/>, beside the other
    /// WhatsApp providers (Twilio, a second Meta number, AWS); <c>NutritionistMessaging:Routing:WhatsApp</c> decides which one
    /// sends each message. Settings come from <c>NutritionistMessaging:Providers:{name}</c> (when the builder was created
    /// from configuration), then <paramref name="configure"/>; environment variables feed only the unnamed registration. The
    /// number has its own options instance (<c>IOptionsMonitor&lt;MetaWhatsAppOptions&gt;.Get(name)</c>, validated when the
    /// host starts), HTTP client, circuit breaker, rate limiter and health-check entry. Webhooks and the media resolver stay
    /// with the unnamed registration.
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
    public static IMessagingBuilder AddMetaWhatsApp(this IMessagingBuilder builder, string name, Action<MetaWhatsAppOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var clientName = MetaHttp.ClientNameFor(name);
        builder.AddWhatsAppProvider(name, sp => new MetaWhatsAppProvider(
            sp.GetRequiredService<IOptionsMonitor<MetaWhatsAppOptions>>().Get(name),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<MetaWhatsAppProvider>>(),
            clientName));

        var services = builder.Services;
        var optionsBuilder = services.AddOptionsWithValidateOnStart<MetaWhatsAppOptions>(name);

        // The section is bound and the client configured once, however often the name is registered.
        if (builder.TryAddNamedProvider(name, clientName, out var section))
        {
            if (section is not null)
            {
                optionsBuilder.Bind(section);
            }

            AddHttpClient(services, clientName, name);
        }

        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddSingleton<MetaEnvironment>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<MetaWhatsAppOptions>, MetaWhatsAppOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetaWhatsAppOptions>, MetaWhatsAppOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

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
