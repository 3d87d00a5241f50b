using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Swaps the real messaging client for <see cref="FakeMessagingClient"/> in an application's tests.</summary>
public static class FakeMessagingServiceCollectionExtensions
{
    /// <summary>
    /// Replaces <see cref="IMessagingClient"/> with one singleton <see cref="FakeMessagingClient"/>, also resolvable as
    /// <see cref="FakeMessagingClient"/> so tests can script outcomes and read what was sent. Works before or after
    /// <c>AddNutritionistMessaging()</c>; the fake uses that registration's phone number normalizer and
    /// <see cref="MessagingOptions.DefaultPlatform"/> when present. Everything else (inbound pipeline, stores) stays real.
    /// </summary>
    /// <param name="services">The application's services (typically in a <c>WebApplicationFactory</c> or test host).</param>
    /// <returns>The same collection.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddTwilioWhatsApp();
    /// services.AddNutritionistMessagingFakes();
    /// var fake = provider.GetRequiredService&lt;FakeMessagingClient&gt;();
    /// </code>
    /// </example>
    public static IServiceCollection AddNutritionistMessagingFakes(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(static sp =>
        {
            var options = sp.GetService<IOptions<MessagingOptions>>()?.Value;
            var normalizer = sp.GetService<IPhoneNumberNormalizer>();
            return new FakeMessagingClient(normalizer, options?.DefaultPlatform ?? MessagingPlatform.Sms, options?.DefaultRegion);
        });
        services.RemoveAll<IMessagingClient>();
        services.AddSingleton<IMessagingClient>(static sp => sp.GetRequiredService<FakeMessagingClient>());
        return services;
    }
}
