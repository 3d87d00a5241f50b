using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging;

/// <summary>Returned by <c>services.AddNutritionistMessaging()</c>; providers and features hang off it as extension methods.</summary>
public interface IMessagingBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// The <c>NutritionistMessaging</c> configuration section when the builder was created from an
    /// <see cref="IConfiguration"/>; provider extensions bind their own sub-section (<c>Aws</c>, <c>Twilio</c>) from it.
    /// </summary>
    IConfiguration? Configuration { get; }
}
