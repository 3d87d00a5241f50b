using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Twilio;

namespace Nutritionist.Messaging.AspNetCore.Tests;

/// <summary>A real ASP.NET Core host on <see cref="TestServer"/> with the library, the webhooks mapped and recording handlers.</summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "auth-token-7f3c9b2e1d";
    public const string Sender = "whatsapp:+14155238886";
    public const string Person = "+14155552671";
    public const string MessageSid = "SM0123456789abcdef0123456789abcdef";

    private WebhookHost(WebApplication app, RecordingHandlers recorder, FakeWhatsAppProvider provider)
    {
        App = app;
        Recorder = recorder;
        Provider = provider;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public RecordingHandlers Recorder { get; }

    public FakeWhatsAppProvider Provider { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<WebhookHost> StartAsync(
        Action<TwilioWhatsAppOptions>? configure = null,
        string pattern = "/webhooks/twilio",
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? pipeline = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        var recorder = new RecordingHandlers();
        var provider = new FakeWhatsAppProvider();
        builder.Services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddTwilioWhatsApp(o =>
            {
                o.AccountSid = AccountSid;
                o.AuthToken = AuthToken;
                o.From = Sender;
                configure?.Invoke(o);
            })

            // The confirmation reply to STOP goes to this provider instead of Twilio's REST API.
            .AddWhatsAppProvider(_ => provider);
        builder.Services.AddSingleton<IInboundMessageHandler>(recorder);
        builder.Services.AddSingleton<IDeliveryStatusHandler>(recorder);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        pipeline?.Invoke(app);
        app.MapTwilioWebhooks(pattern);
        await app.StartAsync();
        return new WebhookHost(app, recorder, provider);
    }

    /// <summary>Posts a form to <paramref name="path"/>, signed over <paramref name="signedUrl"/> (the received URL by default).</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, IReadOnlyList<KeyValuePair<string, string>> form, string? signedUrl = null, string? token = AuthToken, string? signature = null)
    {
        var url = new Uri(Client.BaseAddress!, path).ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        signature ??= token is null ? null : TwilioSignature.Compute(token, signedUrl ?? url, form);
        if (signature is not null)
        {
            request.Headers.Add("X-Twilio-Signature", signature);
        }

        return await Client.SendAsync(request);
    }

    public static List<KeyValuePair<string, string>> Inbound(string body, string from = "whatsapp:" + Person) =>
    [
        new("MessageSid", "SM11111111111111111111111111111111"),
        new("SmsMessageSid", "SM11111111111111111111111111111111"),
        new("AccountSid", AccountSid),
        new("From", from),
        new("To", Sender),
        new("Body", body),
        new("NumMedia", "0"),
        new("ProfileName", "Ada"),
        new("WaId", "14155552671"),
        new("SmsStatus", "received"),
        new("ApiVersion", "2010-04-01"),
        new("SomeFutureParameter", "accepted too"),
    ];

    public static List<KeyValuePair<string, string>> Status(string status) =>
    [
        new("MessageSid", MessageSid),
        new("SmsSid", MessageSid),
        new("MessageStatus", status),
        new("SmsStatus", status),
        new("AccountSid", AccountSid),
        new("From", Sender),
        new("To", "whatsapp:" + Person),
        new("ApiVersion", "2010-04-01"),
    ];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>The application's handlers: record what arrives, optionally fail.</summary>
    internal sealed class RecordingHandlers : IInboundMessageHandler, IDeliveryStatusHandler
    {
        public ConcurrentQueue<InboundMessage> Messages { get; } = new();

        public ConcurrentQueue<DeliveryStatusUpdate> Updates { get; } = new();

        public Exception? Throw { get; set; }

        public Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
        {
            Messages.Enqueue(message);
            return Throw is null ? Task.CompletedTask : Task.FromException(Throw);
        }

        public Task HandleAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
        {
            Updates.Enqueue(update);
            return Throw is null ? Task.CompletedTask : Task.FromException(Throw);
        }
    }

    /// <summary>A WhatsApp provider that records what the library sends (the keyword confirmations).</summary>
    internal sealed class FakeWhatsAppProvider : IWhatsAppProvider
    {
        public ConcurrentQueue<WhatsAppMessage> Sent { get; } = new();

        public string Name => "twilio-whatsapp";

        public Task<ProviderReceipt> SendAsync(WhatsAppMessage message, CancellationToken cancellationToken = default)
        {
            Sent.Enqueue(message);
            return Task.FromResult(new ProviderReceipt("SM" + Guid.NewGuid().ToString("N")));
        }
    }
}
