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
    /// against the monthly limit, account reachable) and caches the answer for <paramref name="cacheDuration"/>. The platform
    /// entry asks the platform's default provider; each provider registered by name gets its own entry as well
    /// (<c>nutritionist-messaging-whatsapp-meta</c>), whenever it is registered.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="cacheDuration">How long an answer is reused. Default one minute.</param>
    /// <param name="failureStatus">What a missing or failing provider reports. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddNutritionistMessaging(builder.Configuration).AddAwsSms().AddTwilioWhatsApp().AddMessagingHealthChecks();
    /// app.MapHealthChecks("/health");
    /// </code>
    /// </example>
    public static IMessagingBuilder AddMessagingHealthChecks(this IMessagingBuilder builder, TimeSpan? cacheDuration = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var duration = cacheDuration ?? TimeSpan.FromMinutes(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero, nameof(cacheDuration));
        var checks = builder.Services.AddHealthChecks();
        foreach (var platform in Enum.GetValues<MessagingPlatform>())
        {
            var name = "nutritionist-messaging-" + platform.ToString().ToLowerInvariant();

            // The health-check service creates checks per run; the cached answer lives in a singleton per platform.
            builder.Services.AddKeyedSingleton(platform, (sp, _) => new ProviderHealthCheck(
                platform,
                () => DefaultProvider(sp.GetRequiredService<MessagingProviders>(), platform),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                duration));
            checks.Add(new HealthCheckRegistration(name, sp => sp.GetRequiredKeyedService<ProviderHealthCheck>(platform), failureStatus, ["messaging"]));
        }

        // Named providers may be registered after this call, so their entries are added when the health-check options are built.
        builder.Services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>>(sp => new ConfigureOptions<HealthCheckServiceOptions>(o =>
        {
            foreach (var registration in sp.GetServices<ProviderRegistration>().Distinct())
            {
                var check = new ProviderHealthCheck(
                    registration.Platform,
                    () => registration.Platform == MessagingPlatform.Sms
                        ? sp.GetRequiredKeyedService<ISmsProvider>(registration.Name)
                        : sp.GetRequiredKeyedService<IWhatsAppProvider>(registration.Name),
                    sp.GetService<TimeProvider>() ?? TimeProvider.System,
                    duration);
                var name = $"nutritionist-messaging-{registration.Platform.ToString().ToLowerInvariant()}-{registration.Name}";
                o.Registrations.Add(new HealthCheckRegistration(name, _ => check, failureStatus, ["messaging"]));
            }
        }));

        return builder;
    }

    private static object? DefaultProvider(MessagingProviders providers, MessagingPlatform platform) =>
        providers.DefaultOf(platform) is not { } name ? null
        : platform == MessagingPlatform.Sms ? providers.Sms.First(p => p.Name == name).Provider
        : providers.WhatsApp.First(p => p.Name == name).Provider;
}
