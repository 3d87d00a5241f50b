using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Health;
using Nutritionist.Messaging.Routing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks for the registered providers.</summary>
public static class MessagingHealthCheckExtensions
{
    /// <summary>
    /// Adds one health check per platform (<c>nutritionist-messaging-sms</c>, <c>nutritionist-messaging-whatsapp</c>),
    /// tagged <c>messaging</c>. Each asks its provider (credentials resolvable, origination identities present, spend
    /// against the monthly limit, account reachable) and caches the answer (<see cref="MessagingHealthCheckOptions.CacheDuration"/>,
    /// a minute by default). The platform entry asks the platform's default provider; each provider registered by name gets
    /// its own entry as well (<c>nutritionist-messaging-whatsapp-meta</c>), whenever it is registered. Options come from
    /// <c>NutritionistMessaging:HealthChecks</c> when the builder was created from configuration. Calling it again registers
    /// no check twice; a section or action given to a later call applies after the earlier ones.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddNutritionistMessaging(builder.Configuration).AddAwsSms().AddTwilioWhatsApp().AddMessagingHealthChecks();
    /// app.MapHealthChecks("/health");
    /// </code>
    /// </example>
    public static IMessagingBuilder AddMessagingHealthChecks(this IMessagingBuilder builder) => AddMessagingHealthChecksCore(builder, null, null);

    /// <summary>
    /// Adds the messaging health checks (see <see cref="AddMessagingHealthChecks(IMessagingBuilder)"/>), with
    /// <paramref name="section"/> bound after the builder's <c>NutritionistMessaging:HealthChecks</c> section.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">A section holding <see cref="MessagingHealthCheckOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddMessagingHealthChecks(this IMessagingBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddMessagingHealthChecksCore(builder, section, null);
    }

    /// <summary>
    /// Adds the messaging health checks (see <see cref="AddMessagingHealthChecks(IMessagingBuilder)"/>), with
    /// <paramref name="configure"/> applied after the builder's <c>NutritionistMessaging:HealthChecks</c> section.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets <see cref="MessagingHealthCheckOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddMessagingHealthChecks(this IMessagingBuilder builder, Action<MessagingHealthCheckOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddMessagingHealthChecksCore(builder, null, configure);
    }

    /// <summary>
    /// Every overload ends here: <c>NutritionistMessaging:HealthChecks</c>, then <paramref name="section"/>, then
    /// <paramref name="configure"/>; validated on start; <see cref="MessagingBuilderExtensions.TryAddRegistration"/> decides
    /// "already registered".
    /// </summary>
    private static IMessagingBuilder AddMessagingHealthChecksCore(IMessagingBuilder builder, IConfigurationSection? section, Action<MessagingHealthCheckOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptionsWithValidateOnStart<MessagingHealthCheckOptions>();
        var first = builder.TryAddRegistration(RegistrationKey, MessagingHealthCheckOptions.SectionName, out var defaultSection);
        if (first && defaultSection is not null)
        {
            options.Bind(defaultSection);
        }

        if (section is not null)
        {
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingHealthCheckOptions>, MessagingHealthCheckOptionsValidator>());
        if (!first)
        {
            return builder;
        }

        // The health-check service builds its registrations from HealthCheckServiceOptions once, after every Add… above
        // has run, so the options are read there; named providers registered after this call are included too.
        services.AddHealthChecks();
        services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>>(sp => new ConfigureOptions<HealthCheckServiceOptions>(o =>
        {
            var settings = sp.GetRequiredService<IOptions<MessagingHealthCheckOptions>>().Value;
            var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
            foreach (var platform in Enum.GetValues<MessagingPlatform>())
            {
                // The health-check service creates checks per run; the cached answer lives in this one instance per platform.
                var check = new ProviderHealthCheck(
                    platform,
                    () => DefaultProvider(sp.GetRequiredService<MessagingProviders>(), platform),
                    time,
                    settings.CacheDuration);
                o.Registrations.Add(new HealthCheckRegistration(
                    "nutritionist-messaging-" + platform.ToString().ToLowerInvariant(), _ => check, settings.FailureStatus, ["messaging"]));
            }

            foreach (var registration in sp.GetServices<ProviderRegistration>().Distinct())
            {
                var check = new ProviderHealthCheck(
                    registration.Platform,
                    () => registration.Platform == MessagingPlatform.Sms
                        ? sp.GetRequiredKeyedService<ISmsProvider>(registration.Name)
                        : sp.GetRequiredKeyedService<IWhatsAppProvider>(registration.Name),
                    time,
                    settings.CacheDuration);
                var name = $"nutritionist-messaging-{registration.Platform.ToString().ToLowerInvariant()}-{registration.Name}";
                o.Registrations.Add(new HealthCheckRegistration(name, _ => check, settings.FailureStatus, ["messaging"]));
            }
        }));

        return builder;
    }

    // What TryAddRegistration records.
    private const string RegistrationKey = "Nutritionist.Messaging.AddMessagingHealthChecks";

    private static object? DefaultProvider(MessagingProviders providers, MessagingPlatform platform) =>
        providers.DefaultOf(platform) is not { } name ? null
        : platform == MessagingPlatform.Sms ? providers.Sms.First(p => p.Name == name).Provider
        : providers.WhatsApp.First(p => p.Name == name).Provider;
}
