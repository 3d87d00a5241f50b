using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.AspNetCore.Internal;
using Nutritionist.Messaging.Twilio;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Twilio webhook endpoints of Nutritionist.Messaging in an ASP.NET Core application.</summary>
public static class TwilioWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}/inbound</c> (Twilio's "a message comes in" webhook) and <c>POST {pattern}/status</c> (the
    /// status callback URL). Each request's <c>X-Twilio-Signature</c> is checked, the form is parsed, and the message or
    /// status update goes through the inbound pipeline (opt-out keywords and their confirmation reply, the WhatsApp
    /// 24-hour window, delivery tracking, then the application's <c>IInboundMessageHandler</c> and
    /// <c>IDeliveryStatusHandler</c> implementations) via <see cref="TwilioWebhookHandler"/>.
    /// </summary>
    /// <param name="endpoints">The application (or any route builder).</param>
    /// <param name="pattern">The route prefix; <c>/webhooks/twilio</c> by default.</param>
    /// <returns>A builder for both endpoints, to add conventions such as <c>RequireHost</c> or rate limiting.</returns>
    /// <remarks>
    /// <para>Answers: 200 with an empty TwiML document (<c>text/xml</c>) for an accepted message or status callback;
    /// 403 for a missing or wrong signature; 400 for a correctly signed request that is neither kind, or an unreadable
    /// form; 500 when an application handler (or the pipeline) threw, so that Twilio retries, or when no auth token is
    /// configured. Both routes accept both kinds (the parameters decide), so pointing Twilio's status callback at the
    /// inbound URL also works.</para>
    /// <para>The signature covers the URL Twilio requested. It is rebuilt from the request's scheme, host, and the
    /// request target exactly as received (path and query); behind a reverse proxy that changes the scheme, host or path
    /// prefix, set <see cref="TwilioWhatsAppOptions.WebhookPublicBaseUrl"/> (or use the forwarded-headers middleware).</para>
    /// <para>Requires <c>services.AddNutritionistMessaging().AddTwilioWhatsApp()</c>; the endpoints opt out of antiforgery
    /// (Twilio's signature authenticates the request) and are excluded from API descriptions.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException"><c>AddTwilioWhatsApp()</c> was not called.</exception>
    /// <example>
    /// <code>
    /// builder.Services.AddNutritionistMessaging(builder.Configuration).AddTwilioWhatsApp();
    /// var app = builder.Build();
    /// app.MapTwilioWebhooks("/webhooks/twilio"); // Twilio console: https://example.com/webhooks/twilio/inbound
    /// </code>
    /// </example>
    public static IEndpointConventionBuilder MapTwilioWebhooks(this IEndpointRouteBuilder endpoints, string pattern = "/webhooks/twilio")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(TwilioWebhookHandler)))
        {
            throw new InvalidOperationException(
                "MapTwilioWebhooks needs the Twilio webhook handler: call services.AddNutritionistMessaging().AddTwilioWhatsApp() when registering services.");
        }

        var group = endpoints.MapGroup(pattern);
        group.MapPost("/inbound", TwilioWebhookEndpoint.HandleAsync);
        group.MapPost("/status", TwilioWebhookEndpoint.HandleAsync);
        group.DisableAntiforgery();
        group.ExcludeFromDescription();
        return group;
    }
}
