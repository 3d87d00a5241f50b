using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Aws;
using Nutritionist.Messaging.Aws.Internal;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Routing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the AWS End User Messaging SMS provider on <see cref="IMessagingBuilder"/>.</summary>
public static class AwsSmsMessagingBuilderExtensions
{
    /// <summary>The configuration sub-section (under <c>NutritionistMessaging</c>) the options are read from.</summary>
    public const string ConfigurationSectionName = "Aws";

    /// <summary>
    /// Sends SMS and MMS through AWS End User Messaging SMS (<c>pinpoint-sms-voice-v2</c>). Options come from
    /// <c>NutritionistMessaging:Aws</c> when the builder was created from configuration, then from <paramref name="configure"/>,
    /// then from <c>PHONE_POOL_ID</c> and <c>SMS_CONFIG_SET</c> for settings still unset; they are validated when the host starts.
    /// Replaces any SMS provider registered before.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="configure">Sets <see cref="AwsSmsOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
    ///     .AddAwsSms(o =>
    ///     {
    ///         o.Region = "us-east-1";
    ///         o.OriginationIdentities = ["pool-0123456789abcdef0", "+12065550100"];
    ///     })
    ///     .UseAwsOptOutList("Default");
    /// </code>
    /// </example>
    public static IMessagingBuilder AddAwsSms(this IMessagingBuilder builder, Action<AwsSmsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptionsWithValidateOnStart<AwsSmsOptions>();

        // Bind once even if AddAwsSms is called twice: binding a list twice would append its items again.
        if (builder.Configuration is { } configuration && !services.Any(d => d.ServiceType == typeof(AwsSmsConfigurationBound)))
        {
            services.AddSingleton<AwsSmsConfigurationBound>();
            options.Bind(configuration.GetSection(ConfigurationSectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AwsSmsOptions>, AwsSmsEnvironmentDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AwsSmsOptions>, AwsEmulatorDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsSmsOptions>, AwsSmsOptionsValidator>());
        AddWireClient(services);
        builder.AddSmsProvider(static sp => new AwsSmsProvider(
            sp.GetRequiredService<SmsVoiceClient>(),
            sp.GetRequiredService<IOptions<AwsSmsOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AwsSmsProvider>>(),
            new AwsSmsHealthProbe(
                sp.GetRequiredService<SmsVoiceClient>(),
                sp.GetRequiredService<IAwsConnection>(),
                sp.GetRequiredService<IOptions<AwsSmsOptions>>(),
                sp.GetService<Nutritionist.Messaging.Telemetry.IMessagingStatistics>())));
        return builder;
    }

    /// <summary>
    /// Sends SMS through the AWS End User Messaging SMS account (or region) registered as <paramref name="name"/>, beside the
    /// other SMS providers; <c>NutritionistMessaging:Routing:Sms</c> decides which one sends each message. Settings come from
    /// <c>NutritionistMessaging:Providers:{name}</c> (when the builder was created from configuration), then
    /// <paramref name="configure"/>; <c>PHONE_POOL_ID</c> and <c>SMS_CONFIG_SET</c> feed only the unnamed registration. The
    /// provider has its own options instance (<c>IOptionsMonitor&lt;AwsSmsOptions&gt;.Get(name)</c>, validated when the host
    /// starts), credentials and endpoint, HTTP client, circuit breaker, rate limiter and health-check entry. The AWS opt-out list
    /// (<see cref="UseAwsOptOutList"/>) stays with the unnamed registration.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics (<c>aws-eu</c>).</param>
    /// <param name="configure">Sets this provider's <see cref="AwsSmsOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
    ///     .AddAwsSms("aws-us", o => o.Region = "us-east-1")
    ///     .AddAwsSms("aws-eu", o => o.Region = "eu-west-1");
    /// </code>
    /// </example>
    public static IMessagingBuilder AddAwsSms(this IMessagingBuilder builder, string name, Action<AwsSmsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var clientName = SmsVoiceClient.HttpClientNameFor(name);
        builder.AddSmsProvider(name, sp =>
        {
            var options = Options.Options.Create(sp.GetRequiredService<IOptionsMonitor<AwsSmsOptions>>().Get(name));
            var connection = new AwsConnection(
                AwsConnectionSettings.Of(options.Value) with { KeyPrefix = $"{MessagingOptions.SectionName}:{MessagingRoutingOptions.ProvidersSectionName}:{name}:" },
                sp.GetRequiredService<ILogger<AwsConnection>>());
            var time = sp.GetRequiredService<TimeProvider>();
            var client = new SmsVoiceClient(sp.GetRequiredService<IHttpClientFactory>(), connection, time, sp.GetRequiredService<ILogger<SmsVoiceClient>>(), clientName);
            return new AwsSmsProvider(
                client,
                options,
                time,
                sp.GetRequiredService<ILogger<AwsSmsProvider>>(),
                new AwsSmsHealthProbe(client, connection, options, sp.GetService<Nutritionist.Messaging.Telemetry.IMessagingStatistics>()));
        });

        var services = builder.Services;
        var optionsBuilder = services.AddOptionsWithValidateOnStart<AwsSmsOptions>(name);

        // Bound and configured once however often the name is registered: binding a list twice would append its items again.
        if (builder.TryAddNamedProvider(name, clientName, out var section))
        {
            if (section is not null)
            {
                optionsBuilder.Bind(section);
            }

            services.AddHttpClient(clientName)
                .RemoveAllLoggers()
                .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptionsMonitor<AwsSmsOptions>>().Get(name).RequestTimeout)
                .DisableSendRetries()
                .UseMessagingEmulator();
        }

        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AwsSmsOptions>, AwsSmsEnvironmentDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AwsSmsOptions>, AwsEmulatorDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsSmsOptions>, AwsSmsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// Makes the SMS opt-out gate consult the AWS opt-out list <paramref name="optOutListName"/> (answers cached for
    /// <paramref name="cacheDuration"/>, default one minute) and write SMS opt-outs and opt-ins back to it
    /// (<c>PutOptedOutNumber</c>, <c>DeleteOptedOutNumber</c>). WhatsApp opt-outs stay in an in-memory store.
    /// Replaces any opt-out store registered before. Call it after <see cref="AddAwsSms(IMessagingBuilder, Action{AwsSmsOptions})"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="optOutListName">The opt-out list name or ARN (<c>"Default"</c> is the account's default list).</param>
    /// <param name="cacheDuration">How long an answer from AWS is reused; <see cref="TimeSpan.Zero"/> asks every time.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseAwsOptOutList(this IMessagingBuilder builder, string optOutListName = "Default", TimeSpan? cacheDuration = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(optOutListName);
        if (cacheDuration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(cacheDuration), cacheDuration, "The cache duration must not be negative.");
        }

        AddWireClient(builder.Services);
        var duration = cacheDuration ?? AwsOptOutListStore.DefaultCacheDuration;
        builder.Services.Replace(ServiceDescriptor.Singleton<IOptOutStore>(sp => new AwsOptOutListStore(
            sp.GetRequiredService<SmsVoiceClient>(),
            optOutListName,
            new InMemoryOptOutStore(),
            sp.GetRequiredService<TimeProvider>(),
            duration,
            sp.GetRequiredService<ILogger<AwsOptOutListStore>>())));
        return builder;
    }

    private static void AddWireClient(IServiceCollection services)
    {
        services.AddOptions<AwsSmsOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AwsSmsOptions>, AwsEmulatorDefaults>());

        // DisableSendRetries: no handler from outside (a host's ConfigureHttpClientDefaults resilience handler, say) can
        // re-send a SendTextMessage, which could text a person twice; the router owns retries.
        // No IHttpClientFactory request logging either: the provider logs each call itself (Debug), and the factory's
        // handlers cost an Information line, a log scope and two async layers on every message.
        services.AddHttpClient(SmsVoiceClient.HttpClientName)
            .RemoveAllLoggers()
            .ConfigureHttpClient(static (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<AwsSmsOptions>>().Value.RequestTimeout)
            .DisableSendRetries()
            .UseMessagingEmulator();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAwsConnection, AwsConnection>();
        services.TryAddSingleton<SmsVoiceClient>();
    }

    /// <summary>Marks that the configuration section has been bound.</summary>
    private sealed class AwsSmsConfigurationBound;
}
