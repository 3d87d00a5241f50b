using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.AspNetCore.Tests;

// The README's ASP.NET Core example, compiled here; WebhookHost runs the same mapping under TestServer.
internal static class ReadmeExamplesAspNetCore
{
    internal static WebApplication Program(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddNutritionistMessaging(builder.Configuration).AddTwilioWhatsApp();
        var app = builder.Build();
        app.MapTwilioWebhooks("/webhooks/twilio"); // POST …/inbound and …/status
        return app;
    }

    internal static WebApplication MetaProgram(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddNutritionistMessaging(builder.Configuration).AddMetaWhatsApp();
        var app = builder.Build();
        app.MapMetaWhatsAppWebhooks("/webhooks/meta"); // GET handshake, POST notifications
        return app;
    }
}
