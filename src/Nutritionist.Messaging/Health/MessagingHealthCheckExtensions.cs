using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nutritionist.Messaging.Health;

namespace Nutritionist.Messaging;

/// <summary>Health checks for the registered providers.</summary>
public static class MessagingHealthCheckExtensions
{
    /// <summary>
    /// Adds one health check per platform (<c>nutritionist-messaging-sms</c>, <c>nutritionist-messaging-whatsapp</c>),
    /// tagged <c>messaging</c>. Each asks its provider (credentials resolvable, origination identities present, spend
    /// against the monthly limit, account reachable) and caches the answer for <paramref name="cacheDuration"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="cacheDuration">How long an answer is reused. Default one minute.</param>
    /// <param name="failureStatus">What a missing or failing provider reports. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddNutritionistMessaging(builder.Configuration).AddAwsSms().AddTwilioWhatsApp().AddHealthChecks();
    /// app.MapHealthChecks("/health");
    /// </code>
    /// </example>
    public static IMessagingBuilder AddHealthChecks(this IMessagingBuilder builder, TimeSpan? cacheDuration = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
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
                platform == MessagingPlatform.Sms ? () => sp.GetService<ISmsProvider>() : () => sp.GetService<IWhatsAppProvider>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                duration));
            checks.Add(new HealthCheckRegistration(name, sp => sp.GetRequiredKeyedService<ProviderHealthCheck>(platform), failureStatus, ["messaging"]));
        }

        return builder;
    }
}
