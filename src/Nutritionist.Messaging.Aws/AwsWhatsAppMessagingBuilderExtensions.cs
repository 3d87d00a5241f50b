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
    /// builder was created from configuration, then from <paramref name="configure"/>; they are validated when the host
    /// starts. Credentials, region and endpoint overrides resolve as for <c>AddAwsSms</c>. The IAM principal needs
    /// <c>social-messaging:SendWhatsAppMessage</c>. <see cref="AwsWhatsAppMedia"/> (media upload from S3) is registered too.
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
    public static IMessagingBuilder AddAwsWhatsApp(this IMessagingBuilder builder, Action<AwsWhatsAppOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptionsWithValidateOnStart<AwsWhatsAppOptions>();

        // A second AddAwsWhatsApp() adds its configure action to the first; the section and the HTTP client are set up once.
        if (!services.Any(static d => d.ServiceType == typeof(AwsWhatsAppRegistered)))
        {
            services.AddSingleton<AwsWhatsAppRegistered>();
            if (builder.Configuration is { } configuration)
            {
                options.Bind(configuration.GetSection(ConfigurationSectionName));
            }

            // DisableSendRetries: no handler from outside (a host's ConfigureHttpClientDefaults resilience handler, say) can
            // re-send a SendWhatsAppMessage, which could message a person twice; the router owns retries. The client logs
            // each call itself (Debug).
            services.AddHttpClient(SocialMessagingClient.HttpClientName)
                .RemoveAllLoggers()
                .ConfigureHttpClient(static (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<AwsWhatsAppOptions>>().Value.RequestTimeout)
                .DisableSendRetries()
                .UseMessagingEmulator();
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AwsWhatsAppOptions>, AwsEmulatorDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsWhatsAppOptions>, AwsWhatsAppOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
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
        builder.AddWhatsAppProvider(static sp => new AwsWhatsAppProvider(
            sp.GetRequiredService<SocialMessagingClient>(),
            sp.GetRequiredService<IOptions<AwsWhatsAppOptions>>(),
            sp.GetRequiredService<ILogger<AwsWhatsAppProvider>>()));
        return builder;
    }

    /// <summary>
    /// Sends WhatsApp messages through the AWS End User Messaging Social account (or region) registered as
    /// <paramref name="name"/>, beside the other WhatsApp providers; <c>NutritionistMessaging:Routing:WhatsApp</c> decides which
    /// one sends each message. Settings come from <c>NutritionistMessaging:Providers:{name}</c> (when the builder was created
    /// from configuration), then <paramref name="configure"/>. The provider has its own options instance
    /// (<c>IOptionsMonitor&lt;AwsWhatsAppOptions&gt;.Get(name)</c>, validated when the host starts), credentials and endpoint,
    /// HTTP client, circuit breaker, rate limiter and health-check entry.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics (<c>aws</c>).</param>
    /// <param name="configure">Sets this provider's <see cref="AwsWhatsAppOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddAwsWhatsApp(this IMessagingBuilder builder, string name, Action<AwsWhatsAppOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var clientName = SocialMessagingClient.HttpClientNameFor(name);
        builder.AddWhatsAppProvider(name, sp =>
        {
            var options = Options.Options.Create(sp.GetRequiredService<IOptionsMonitor<AwsWhatsAppOptions>>().Get(name));
            var connection = new AwsConnection(
                AwsConnectionSettings.Of(options.Value) with { KeyPrefix = $"{MessagingOptions.SectionName}:{MessagingRoutingOptions.ProvidersSectionName}:{name}:" },
                sp.GetRequiredService<ILogger<AwsConnection>>());
            var client = new SocialMessagingClient(
                sp.GetRequiredService<IHttpClientFactory>(), connection, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SocialMessagingClient>>(), clientName);
            return new AwsWhatsAppProvider(client, options, sp.GetRequiredService<ILogger<AwsWhatsAppProvider>>());
        });

        var services = builder.Services;
        var optionsBuilder = services.AddOptionsWithValidateOnStart<AwsWhatsAppOptions>(name);
        if (builder.TryAddNamedProvider(name, clientName, out var section))
        {
            if (section is not null)
            {
                optionsBuilder.Bind(section);
            }

            // DisableSendRetries, as for the unnamed client: the router owns retries.
            services.AddHttpClient(clientName)
                .RemoveAllLoggers()
                .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptionsMonitor<AwsWhatsAppOptions>>().Get(name).RequestTimeout)
                .DisableSendRetries()
                .UseMessagingEmulator();
        }

        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AwsWhatsAppOptions>, AwsEmulatorDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsWhatsAppOptions>, AwsWhatsAppOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Marks that the section and the HTTP client have been set up.</summary>
    private sealed class AwsWhatsAppRegistered;
}
