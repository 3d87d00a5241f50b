using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.AspNetCore.Internal;
using Nutritionist.Messaging.Meta;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Meta's WhatsApp webhook endpoint of Nutritionist.Messaging in an ASP.NET Core application.</summary>
public static class MetaWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET {pattern}</c> (the verification handshake Meta makes when the callback URL is saved) and
    /// <c>POST {pattern}</c> (notifications: inbound messages and message statuses), both handled by
    /// <see cref="MetaWebhookProcessor"/>: the handshake echoes <c>hub.challenge</c> when <c>hub.verify_token</c> matches;
    /// POST bodies are checked against <c>X-Hub-Signature-256</c> over the exact bytes received, then every message and
    /// status goes through the inbound pipeline (opt-out keywords and their reply, the 24-hour window, delivery tracking,
    /// then the application's handlers).
    /// </summary>
    /// <param name="endpoints">The application (or any route builder).</param>
    /// <param name="pattern">The route; <c>/webhooks/meta</c> by default. Give Meta <c>https://your-host{pattern}</c> as the callback URL.</param>
    /// <returns>A builder for both endpoints, to add conventions such as <c>RequireHost</c> or rate limiting.</returns>
    /// <remarks>
    /// <para>Answers: 200 (the challenge as <c>text/plain</c> for the handshake, empty for a notification); 403 for a wrong
    /// verify token or a missing or forged signature; 400 for a signed body that is not a WhatsApp notification (nothing in
    /// it is processed); 500 when an application handler threw, so that Meta delivers the notification again, or when the
    /// app secret or verify token is not configured.</para>
    /// <para>Requires <c>services.AddNutritionistMessaging().AddMetaWhatsApp()</c> with
    /// <see cref="MetaWhatsAppOptions.AppSecret"/> and <see cref="MetaWhatsAppOptions.VerifyToken"/> set; the endpoints opt
    /// out of antiforgery (the signature authenticates the request) and are excluded from API descriptions.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException"><c>AddMetaWhatsApp()</c> was not called.</exception>
    /// <example>
    /// <code>
    /// builder.Services.AddNutritionistMessaging(builder.Configuration).AddMetaWhatsApp();
    /// var app = builder.Build();
    /// app.MapMetaWhatsAppWebhooks("/webhooks/meta"); // Meta app dashboard: https://example.com/webhooks/meta
    /// </code>
    /// </example>
    public static IEndpointConventionBuilder MapMetaWhatsAppWebhooks(this IEndpointRouteBuilder endpoints, string pattern = "/webhooks/meta")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(MetaWebhookProcessor)))
        {
            throw new InvalidOperationException(
                "MapMetaWhatsAppWebhooks needs the Meta webhook processor: call services.AddNutritionistMessaging().AddMetaWhatsApp() when registering services.");
        }

        var group = endpoints.MapGroup(pattern);
        group.MapGet(string.Empty, MetaWebhookEndpoint.VerifyAsync);
        group.MapPost(string.Empty, MetaWebhookEndpoint.HandleAsync);
        group.DisableAntiforgery();
        group.ExcludeFromDescription();
        return group;
    }
}
