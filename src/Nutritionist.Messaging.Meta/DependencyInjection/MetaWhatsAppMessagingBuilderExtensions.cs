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

            // DisableSendRetries: no handler from outside (a host's ConfigureHttpClientDefaults resilience handler, say)
            // may re-send a message; the router owns retries. The provider logs each call itself (Debug).
            services.AddHttpClient(MetaHttp.ClientName)
                .RemoveAllLoggers()
                .ConfigureHttpClient(static (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<MetaWhatsAppOptions>>().Value.RequestTimeout)
                .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
                {
                    // Recycle pooled connections so DNS changes are seen.
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                })
                .DisableSendRetries();
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
}
