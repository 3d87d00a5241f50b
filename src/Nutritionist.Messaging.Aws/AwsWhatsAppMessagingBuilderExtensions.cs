using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Aws;
using Nutritionist.Messaging.Aws.Internal;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.Routing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the WhatsApp provider over AWS End User Messaging Social on <see cref="IMessagingBuilder"/>.</summary>
public static class AwsWhatsAppMessagingBuilderExtensions
{
    /// <summary>The configuration sub-section (under <c>NutritionistMessaging</c>) the options are read from.</summary>
    public const string ConfigurationSectionName = "AwsWhatsApp";

    /// <summary>
    /// Sends WhatsApp messages through AWS End User Messaging Social (<c>SendWhatsAppMessage</c>), replacing any WhatsApp
    /// provider registered before (Twilio, Meta). Options come from <c>NutritionistMessaging:AwsWhatsApp</c> when the
    /// builder was created from configuration; they are validated when the host starts. Credentials, region and endpoint
    /// overrides resolve as for <c>AddAwsSms</c>. The IAM principal needs <c>social-messaging:SendWhatsAppMessage</c>.
    /// <see cref="AwsWhatsAppMedia"/> (media upload from S3) is registered too. Calling it again registers nothing twice; a
    /// section or action given to a later call applies after the earlier ones.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddAwsWhatsApp(this IMessagingBuilder builder) => AddAwsWhatsAppCore(builder, null, null, null);

    /// <summary>
    /// Sends WhatsApp messages through AWS End User Messaging Social (see <see cref="AddAwsWhatsApp(IMessagingBuilder)"/>),
    /// with <paramref name="section"/> bound after the builder's <c>NutritionistMessaging:AwsWhatsApp</c> section.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="section">A section holding <see cref="AwsWhatsAppOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddAwsWhatsApp(this IMessagingBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddAwsWhatsAppCore(builder, null, section, null);
    }

    /// <summary>
    /// Sends WhatsApp messages through AWS End User Messaging Social (see <see cref="AddAwsWhatsApp(IMessagingBuilder)"/>),
    /// with <paramref name="configure"/> applied after the builder's <c>NutritionistMessaging:AwsWhatsApp</c> section.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="configure">Sets <see cref="AwsWhatsAppOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
    ///     .AddAwsWhatsApp(o =>
    ///     {
    ///         o.Region = "us-east-1";
    ///         o.OriginationPhoneNumberId = "phone-number-id-0123456789abcdef0123456789abcdef";
    ///     });
    /// </code>
    /// </example>
    public static IMessagingBuilder AddAwsWhatsApp(this IMessagingBuilder builder, Action<AwsWhatsAppOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddAwsWhatsAppCore(builder, null, null, configure);
    }

    /// <summary>
    /// Sends WhatsApp messages through the AWS End User Messaging Social account (or region) registered as
    /// <paramref name="name"/>, beside the other WhatsApp providers; <c>NutritionistMessaging:Routing:WhatsApp</c> decides which
    /// one sends each message. Settings come from <c>NutritionistMessaging:Providers:{name}</c> (when the builder was created
    /// from configuration). The provider has its own options instance (<c>IOptionsMonitor&lt;AwsWhatsAppOptions&gt;.Get(name)</c>,
    /// validated when the host starts), credentials and endpoint, HTTP client, circuit breaker, rate limiter and health-check entry.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics (<c>aws</c>).</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddAwsWhatsApp(this IMessagingBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return AddAwsWhatsAppCore(builder, name, null, null);
    }

    /// <summary>
    /// Registers the AWS WhatsApp provider <paramref name="name"/> (see <see cref="AddAwsWhatsApp(IMessagingBuilder, string)"/>),
    /// with <paramref name="section"/> bound after <c>NutritionistMessaging:Providers:{name}</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics.</param>
    /// <param name="section">A section holding this provider's <see cref="AwsWhatsAppOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddAwsWhatsApp(this IMessagingBuilder builder, string name, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        return AddAwsWhatsAppCore(builder, name, section, null);
    }

    /// <summary>
    /// Registers the AWS WhatsApp provider <paramref name="name"/> (see <see cref="AddAwsWhatsApp(IMessagingBuilder, string)"/>),
    /// with <paramref name="configure"/> applied after <c>NutritionistMessaging:Providers:{name}</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics (<c>aws</c>).</param>
    /// <param name="configure">Sets this provider's <see cref="AwsWhatsAppOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddAwsWhatsApp(this IMessagingBuilder builder, string name, Action<AwsWhatsAppOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        return AddAwsWhatsAppCore(builder, name, null, configure);
    }

    /// <summary>
    /// Every overload ends here: the default section (<c>NutritionistMessaging:AwsWhatsApp</c>, or
    /// <c>NutritionistMessaging:Providers:{name}</c>), then <paramref name="section"/>, then <paramref name="configure"/>;
    /// validated on start; <see cref="MessagingBuilderExtensions.TryAddRegistration"/> decides "already registered".
    /// </summary>
    private static IMessagingBuilder AddAwsWhatsAppCore(IMessagingBuilder builder, string? name, IConfigurationSection? section, Action<AwsWhatsAppOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        string clientName;
        bool first;
        IConfigurationSection? defaultSection;
        if (name is null)
        {
            clientName = SocialMessagingClient.HttpClientName;
            first = builder.TryAddRegistration(clientName, ConfigurationSectionName, out defaultSection);
        }
        else
        {
            clientName = SocialMessagingClient.HttpClientNameFor(name);
            var providerClient = clientName;
            builder.AddWhatsAppProvider(name, sp =>
            {
                var options = Options.Options.Create(sp.GetRequiredService<IOptionsMonitor<AwsWhatsAppOptions>>().Get(name));
                var connection = new AwsConnection(
                    AwsConnectionSettings.Of(options.Value) with { KeyPrefix = $"{MessagingOptions.SectionName}:{MessagingRoutingOptions.ProvidersSectionName}:{name}:" },
                    sp.GetRequiredService<ILogger<AwsConnection>>());
                var client = new SocialMessagingClient(
                    sp.GetRequiredService<IHttpClientFactory>(), connection, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SocialMessagingClient>>(), providerClient);
                return new AwsWhatsAppProvider(client, options, sp.GetRequiredService<ILogger<AwsWhatsAppProvider>>());
            });
            first = builder.TryAddNamedProvider(name, clientName, out defaultSection);
        }

        var optionsName = name ?? Options.Options.DefaultName;
        var optionsBuilder = services.AddOptionsWithValidateOnStart<AwsWhatsAppOptions>(optionsName);

        // The section is bound and the HTTP client set up once, however often it is registered.
        if (first)
        {
            if (defaultSection is not null)
            {
                optionsBuilder.Bind(defaultSection);
            }

            // DisableSendRetries: no handler from outside (a host's ConfigureHttpClientDefaults resilience handler, say) can
            // re-send a SendWhatsAppMessage, which could message a person twice; the router owns retries. The client logs
            // each call itself (Debug).
            services.AddHttpClient(clientName)
                .RemoveAllLoggers()
                .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptionsMonitor<AwsWhatsAppOptions>>().Get(optionsName).RequestTimeout)
                .DisableSendRetries()
                .UseMessagingEmulator();
        }

        if (section is not null)
        {
            optionsBuilder.Bind(section);
        }

        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AwsWhatsAppOptions>, AwsEmulatorDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsWhatsAppOptions>, AwsWhatsAppOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        if (name is not null)
        {
            return builder;
        }

        services.TryAddKeyedSingleton<IAwsConnection>(SocialMessagingClient.ConnectionKey, static (sp, _) => new AwsConnection(
            AwsConnectionSettings.Of(sp.GetRequiredService<IOptions<AwsWhatsAppOptions>>().Value),
            sp.GetRequiredService<ILogger<AwsConnection>>()));
        services.TryAddSingleton(static sp => new SocialMessagingClient(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredKeyedService<IAwsConnection>(SocialMessagingClient.ConnectionKey),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SocialMessagingClient>>()));
        services.TryAddSingleton(static sp => new AwsWhatsAppMedia(
            sp.GetRequiredService<SocialMessagingClient>(),
            sp.GetRequiredService<IOptions<AwsWhatsAppOptions>>()));

        // Replaces any WhatsApp provider registered before (idempotent for this one).
        builder.AddWhatsAppProvider(static sp => new AwsWhatsAppProvider(
            sp.GetRequiredService<SocialMessagingClient>(),
            sp.GetRequiredService<IOptions<AwsWhatsAppOptions>>(),
            sp.GetRequiredService<ILogger<AwsWhatsAppProvider>>()));
        return builder;
    }
}
