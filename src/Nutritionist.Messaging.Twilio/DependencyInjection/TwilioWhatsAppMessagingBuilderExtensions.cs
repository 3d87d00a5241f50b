using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Twilio;
using Nutritionist.Messaging.Twilio.Internal;
using Nutritionist.Messaging.Twilio.Lambda;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Twilio WhatsApp provider on an <see cref="IMessagingBuilder"/>.</summary>
public static class TwilioWhatsAppMessagingBuilderExtensions
{
    /// <summary>
    /// Sends WhatsApp messages through Twilio, replacing any WhatsApp provider registered before. Settings come from the
    /// builder's <c>NutritionistMessaging:Twilio</c> section (when the builder was created from configuration), then the
    /// environment variables <c>TWILIO_ACCOUNT_SID</c>, <c>TWILIO_AUTH_TOKEN</c> and <c>TWILIO_WHATSAPP_NUMBER</c> for
    /// whatever is still unset; they are validated when the host starts. Also registers
    /// <see cref="IWhatsAppTemplateCatalog"/>, <see cref="IWhatsAppBusinessProfile"/> and <see cref="TwilioWebhookHandler"/>
    /// (which checks the signature of webhooks and feeds them to the inbound pipeline) for the same account, and
    /// <see cref="TwilioFunctionUrlProcessor"/>, the entry point of an AWS Lambda function answering the webhooks through a
    /// Function URL or an HTTP API. Calling it again registers nothing twice; a section or action given to a later call
    /// applies after the earlier ones.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddTwilioWhatsApp(this IMessagingBuilder builder) => AddTwilioWhatsAppCore(builder, null, null, null);

    /// <summary>
    /// Sends WhatsApp messages through Twilio (see <see cref="AddTwilioWhatsApp(IMessagingBuilder)"/>), with
    /// <paramref name="section"/> bound after the builder's <c>NutritionistMessaging:Twilio</c> section.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="section">A section holding <see cref="TwilioWhatsAppOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddTwilioWhatsApp(this IMessagingBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddTwilioWhatsAppCore(builder, null, section, null);
    }

    /// <summary>
    /// Sends WhatsApp messages through Twilio (see <see cref="AddTwilioWhatsApp(IMessagingBuilder)"/>), with
    /// <paramref name="configure"/> applied after the builder's <c>NutritionistMessaging:Twilio</c> section.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="configure">Sets <see cref="TwilioWhatsAppOptions"/> in code.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
    ///         .AddTwilioWhatsApp(o => o.From = "whatsapp:+14155238886");
    /// </code>
    /// </example>
    public static IMessagingBuilder AddTwilioWhatsApp(this IMessagingBuilder builder, Action<TwilioWhatsAppOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddTwilioWhatsAppCore(builder, null, null, configure);
    }

    /// <summary>
    /// Sends WhatsApp messages through the Twilio account registered as <paramref name="name"/>, beside the other WhatsApp
    /// providers (a second Twilio account, Meta, AWS); <c>NutritionistMessaging:Routing:WhatsApp</c> decides which one sends
    /// each message. Settings come from <c>NutritionistMessaging:Providers:{name}</c> (when the builder was created from
    /// configuration); environment variables feed only the unnamed registration. The account has its own options instance
    /// (<c>IOptionsMonitor&lt;TwilioWhatsAppOptions&gt;.Get(name)</c>, validated when the host starts), HTTP client, circuit
    /// breaker, rate limiter and health-check entry. Webhooks, the template catalog and the business profile stay with the
    /// unnamed registration.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics (<c>twilio-eu</c>).</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddTwilioWhatsApp(this IMessagingBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return AddTwilioWhatsAppCore(builder, name, null, null);
    }

    /// <summary>
    /// Registers the Twilio account <paramref name="name"/> (see <see cref="AddTwilioWhatsApp(IMessagingBuilder, string)"/>),
    /// with <paramref name="section"/> bound after <c>NutritionistMessaging:Providers:{name}</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics.</param>
    /// <param name="section">A section holding this account's <see cref="TwilioWhatsAppOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddTwilioWhatsApp(this IMessagingBuilder builder, string name, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        return AddTwilioWhatsAppCore(builder, name, section, null);
    }

    /// <summary>
    /// Registers the Twilio account <paramref name="name"/> (see <see cref="AddTwilioWhatsApp(IMessagingBuilder, string)"/>),
    /// with <paramref name="configure"/> applied after <c>NutritionistMessaging:Providers:{name}</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics (<c>twilio-eu</c>).</param>
    /// <param name="configure">Sets this account's <see cref="TwilioWhatsAppOptions"/> in code.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
    ///         .AddTwilioWhatsApp("twilio-us", o => o.From = "whatsapp:+14155238886")
    ///         .AddTwilioWhatsApp("twilio-eu", o => o.From = "whatsapp:+447700900123");
    /// </code>
    /// </example>
    public static IMessagingBuilder AddTwilioWhatsApp(this IMessagingBuilder builder, string name, Action<TwilioWhatsAppOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        return AddTwilioWhatsAppCore(builder, name, null, configure);
    }

    /// <summary>
    /// Every overload ends here: the default section (<c>NutritionistMessaging:Twilio</c>, or
    /// <c>NutritionistMessaging:Providers:{name}</c>), then <paramref name="section"/>, then <paramref name="configure"/>;
    /// validated on start; <see cref="MessagingBuilderExtensions.TryAddRegistration"/> decides "already registered".
    /// </summary>
    private static IMessagingBuilder AddTwilioWhatsAppCore(IMessagingBuilder builder, string? name, IConfigurationSection? section, Action<TwilioWhatsAppOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        string clientName;
        bool first;
        IConfigurationSection? defaultSection;
        if (name is null)
        {
            clientName = TwilioHttp.ClientName;
            first = builder.TryAddRegistration(clientName, TwilioWhatsAppOptions.SectionName, out defaultSection);
        }
        else
        {
            clientName = TwilioHttp.ClientNameFor(name);
            var accountClient = clientName;
            builder.AddWhatsAppProvider(name, sp => new TwilioWhatsAppProvider(
                new TwilioAccount(sp.GetRequiredService<IOptionsMonitor<TwilioWhatsAppOptions>>().Get(name), sp.GetRequiredService<IHttpClientFactory>(), accountClient),
                sp.GetService<ILogger<TwilioWhatsAppProvider>>()));
            first = builder.TryAddNamedProvider(name, clientName, out defaultSection);
        }

        var optionsBuilder = services.AddOptionsWithValidateOnStart<TwilioWhatsAppOptions>(name ?? Options.Options.DefaultName);
        if (first)
        {
            if (defaultSection is not null)
            {
                optionsBuilder.Bind(defaultSection);
            }

            AddHttpClient(services, clientName);
        }

        if (section is not null)
        {
            optionsBuilder.Bind(section);
        }

        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddSingleton<TwilioEnvironment>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<TwilioWhatsAppOptions>, TwilioWhatsAppOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TwilioWhatsAppOptions>, TwilioWhatsAppOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        if (name is not null)
        {
            return builder;
        }

        services.TryAddSingleton(static sp => new TwilioAccount(
            sp.GetRequiredService<IOptions<TwilioWhatsAppOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>()));
        services.TryAddSingleton<IWhatsAppTemplateCatalog>(static sp => new TwilioTemplateCatalog(
            sp.GetRequiredService<TwilioAccount>(),
            sp.GetService<ILogger<TwilioTemplateCatalog>>()));
        services.TryAddSingleton<IWhatsAppBusinessProfile>(static sp => new TwilioBusinessProfile(
            sp.GetRequiredService<TwilioAccount>(),
            sp.GetService<ILogger<TwilioBusinessProfile>>()));
        services.TryAddSingleton(static sp => new TwilioWebhookProcessor(
            sp.GetRequiredService<IOptions<TwilioWhatsAppOptions>>(),
            sp.GetService<ILogger<TwilioWebhookProcessor>>(),
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton(static sp => new TwilioWebhookHandler(
            sp.GetRequiredService<TwilioWebhookProcessor>(),
            sp.GetRequiredService<IInboundPipeline>(),
            sp.GetService<ILogger<TwilioWebhookHandler>>()));
        services.TryAddSingleton(static sp => new TwilioFunctionUrlProcessor(
            sp.GetRequiredService<TwilioWebhookHandler>(),
            sp.GetService<ILogger<TwilioFunctionUrlProcessor>>()));

        // Replaces any WhatsApp provider registered before (idempotent for this one).
        builder.AddWhatsAppProvider(static sp => new TwilioWhatsAppProvider(
            sp.GetRequiredService<TwilioAccount>(),
            sp.GetService<ILogger<TwilioWhatsAppProvider>>(),
            sp.GetService<TimeProvider>()));
        return builder;
    }

    private static void AddHttpClient(IServiceCollection services, string clientName) =>
        // DisableSendRetries: TwilioHttpHandler is the only handler, so nothing from outside (a host's
        // ConfigureHttpClientDefaults resilience handler, say) can re-send a message; the router owns retries.
        // No IHttpClientFactory request logging: the provider logs each call itself (Debug), and the factory's
        // handlers cost an Information line, a log scope and two async layers on every message.
        services.AddHttpClient(clientName)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                // The account keeps its HttpClient for the life of the process; recycle connections so DNS changes are seen.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .DisableSendRetries(static _ => new TwilioHttpHandler())
            .UseMessagingEmulator();
}
