using Microsoft.Extensions.Configuration;
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
    /// <c>NutritionistMessaging:Aws</c> when the builder was created from configuration, then from <c>PHONE_POOL_ID</c> and
    /// <c>SMS_CONFIG_SET</c> for settings still unset; they are validated when the host starts. Replaces any SMS provider
    /// registered before. Calling it again registers nothing twice; a section or action given to a later call applies after
    /// the earlier ones.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddAwsSms(this IMessagingBuilder builder) => AddAwsSmsCore(builder, null, null, null);

    /// <summary>
    /// Sends SMS through AWS End User Messaging SMS (see <see cref="AddAwsSms(IMessagingBuilder)"/>), with
    /// <paramref name="section"/> bound after the builder's <c>NutritionistMessaging:Aws</c> section.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="section">A section holding <see cref="AwsSmsOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddAwsSms(this IMessagingBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddAwsSmsCore(builder, null, section, null);
    }

    /// <summary>
    /// Sends SMS through AWS End User Messaging SMS (see <see cref="AddAwsSms(IMessagingBuilder)"/>), with
    /// <paramref name="configure"/> applied after the builder's <c>NutritionistMessaging:Aws</c> section.
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
    ///     .UseAwsOptOutList();
    /// </code>
    /// </example>
    public static IMessagingBuilder AddAwsSms(this IMessagingBuilder builder, Action<AwsSmsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddAwsSmsCore(builder, null, null, configure);
    }

    /// <summary>
    /// Sends SMS through the AWS End User Messaging SMS account (or region) registered as <paramref name="name"/>, beside the
    /// other SMS providers; <c>NutritionistMessaging:Routing:Sms</c> decides which one sends each message. Settings come from
    /// <c>NutritionistMessaging:Providers:{name}</c> (when the builder was created from configuration); <c>PHONE_POOL_ID</c>
    /// and <c>SMS_CONFIG_SET</c> feed only the unnamed registration. The provider has its own options instance
    /// (<c>IOptionsMonitor&lt;AwsSmsOptions&gt;.Get(name)</c>, validated when the host starts), credentials and endpoint, HTTP
    /// client, circuit breaker, rate limiter and health-check entry. The AWS opt-out list (<see cref="UseAwsOptOutList(IMessagingBuilder)"/>)
    /// stays with the unnamed registration.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics (<c>aws-eu</c>).</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddAwsSms(this IMessagingBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return AddAwsSmsCore(builder, name, null, null);
    }

    /// <summary>
    /// Registers the AWS SMS provider <paramref name="name"/> (see <see cref="AddAwsSms(IMessagingBuilder, string)"/>), with
    /// <paramref name="section"/> bound after <c>NutritionistMessaging:Providers:{name}</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="name">The provider's name in routing, results, logs and metrics.</param>
    /// <param name="section">A section holding this provider's <see cref="AwsSmsOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddAwsSms(this IMessagingBuilder builder, string name, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        return AddAwsSmsCore(builder, name, section, null);
    }

    /// <summary>
    /// Registers the AWS SMS provider <paramref name="name"/> (see <see cref="AddAwsSms(IMessagingBuilder, string)"/>), with
    /// <paramref name="configure"/> applied after <c>NutritionistMessaging:Providers:{name}</c>.
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
    public static IMessagingBuilder AddAwsSms(this IMessagingBuilder builder, string name, Action<AwsSmsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        return AddAwsSmsCore(builder, name, null, configure);
    }

    /// <summary>
    /// Every overload ends here: the default section (<c>NutritionistMessaging:Aws</c>, or
    /// <c>NutritionistMessaging:Providers:{name}</c>), then <paramref name="section"/>, then <paramref name="configure"/>;
    /// validated on start; <see cref="MessagingBuilderExtensions.TryAddRegistration"/> decides "already registered".
    /// </summary>
    private static IMessagingBuilder AddAwsSmsCore(IMessagingBuilder builder, string? name, IConfigurationSection? section, Action<AwsSmsOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        bool first;
        IConfigurationSection? defaultSection;
        string? namedClient = null;
        if (name is null)
        {
            first = builder.TryAddRegistration(RegistrationKey, ConfigurationSectionName, out defaultSection);
        }
        else
        {
            var clientName = namedClient = SmsVoiceClient.HttpClientNameFor(name);
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
            first = builder.TryAddNamedProvider(name, clientName, out defaultSection);
        }

        var optionsBuilder = services.AddOptionsWithValidateOnStart<AwsSmsOptions>(name ?? Options.Options.DefaultName);

        // Bound and configured once however often it is registered: binding a list twice would append its items again.
        if (first && defaultSection is not null)
        {
            optionsBuilder.Bind(defaultSection);
        }

        if (first && namedClient is not null)
        {
            var optionsName = name!;
            services.AddHttpClient(namedClient)
                .RemoveAllLoggers()
                .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptionsMonitor<AwsSmsOptions>>().Get(optionsName).RequestTimeout)
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

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AwsSmsOptions>, AwsSmsEnvironmentDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AwsSmsOptions>, AwsEmulatorDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsSmsOptions>, AwsSmsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        if (name is not null)
        {
            return builder;
        }

        AddWireClient(builder);

        // Replaces any SMS provider registered before (idempotent for this one).
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
    /// Makes the SMS opt-out gate consult the account's default AWS opt-out list, or the one set in
    /// <c>NutritionistMessaging:AwsOptOutList</c> (answers cached for a minute unless set otherwise), and write SMS opt-outs
    /// and opt-ins back to it (<c>PutOptedOutNumber</c>, <c>DeleteOptedOutNumber</c>). WhatsApp opt-outs stay in an
    /// in-memory store. Replaces any opt-out store registered before. The AWS client is the one of
    /// <see cref="AddAwsSms(IMessagingBuilder)"/> (its credentials and region).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseAwsOptOutList(this IMessagingBuilder builder) => UseAwsOptOutListCore(builder, null, null);

    /// <summary>
    /// Uses an AWS opt-out list (see <see cref="UseAwsOptOutList(IMessagingBuilder)"/>), with <paramref name="section"/>
    /// bound after the builder's <c>NutritionistMessaging:AwsOptOutList</c> section.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">A section holding <see cref="AwsOptOutListOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseAwsOptOutList(this IMessagingBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return UseAwsOptOutListCore(builder, section, null);
    }

    /// <summary>
    /// Uses an AWS opt-out list (see <see cref="UseAwsOptOutList(IMessagingBuilder)"/>), with <paramref name="configure"/>
    /// applied after the builder's <c>NutritionistMessaging:AwsOptOutList</c> section.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets <see cref="AwsOptOutListOptions"/> (list name or ARN, cache duration).</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging().AddAwsSms().UseAwsOptOutList(o => o.ListName = "Marketing");
    /// </code>
    /// </example>
    public static IMessagingBuilder UseAwsOptOutList(this IMessagingBuilder builder, Action<AwsOptOutListOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return UseAwsOptOutListCore(builder, null, configure);
    }

    /// <summary>
    /// Every overload ends here: <c>NutritionistMessaging:AwsOptOutList</c>, then <paramref name="section"/>, then
    /// <paramref name="configure"/>; validated on start; <see cref="MessagingBuilderExtensions.TryAddRegistration"/> decides
    /// "already registered".
    /// </summary>
    private static IMessagingBuilder UseAwsOptOutListCore(IMessagingBuilder builder, IConfigurationSection? section, Action<AwsOptOutListOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var optionsBuilder = services.AddOptionsWithValidateOnStart<AwsOptOutListOptions>();
        if (builder.TryAddRegistration(OptOutListRegistrationKey, AwsOptOutListOptions.SectionName, out var defaultSection) && defaultSection is not null)
        {
            optionsBuilder.Bind(defaultSection);
        }

        if (section is not null)
        {
            optionsBuilder.Bind(section);
        }

        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsOptOutListOptions>, AwsOptOutListOptionsValidator>());
        AddWireClient(builder);
        services.Replace(ServiceDescriptor.Singleton<IOptOutStore>(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<AwsOptOutListOptions>>().Value;
            return new AwsOptOutListStore(
                sp.GetRequiredService<SmsVoiceClient>(),
                options.ListName,
                new InMemoryOptOutStore(),
                sp.GetRequiredService<TimeProvider>(),
                options.CacheDuration,
                sp.GetRequiredService<ILogger<AwsOptOutListStore>>());
        }));
        return builder;
    }

    private static void AddWireClient(IMessagingBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AwsSmsOptions>();

        // Shared by AddAwsSms and UseAwsOptOutList: the client's handlers are added once.
        if (!builder.TryAddRegistration(SmsVoiceClient.HttpClientName, ConfigurationSectionName, out _))
        {
            return;
        }

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

    // What TryAddRegistration records for the unnamed provider and the opt-out list (the wire client uses its HTTP client name).
    private const string RegistrationKey = "Nutritionist.Messaging.Aws.AddAwsSms";
    private const string OptOutListRegistrationKey = "Nutritionist.Messaging.Aws.UseAwsOptOutList";
}
