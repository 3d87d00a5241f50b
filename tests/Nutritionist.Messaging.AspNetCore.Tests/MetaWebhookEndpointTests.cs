using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;

namespace Nutritionist.Messaging.AspNetCore.Tests;

/// <summary><c>MapMetaWhatsAppWebhooks</c> on a real ASP.NET Core host: handshake, signatures over the exact bytes, pipeline.</summary>
public class MetaWebhookEndpointTests
{
    private const string AppSecret = "app-secret-3c8d1f";
    private const string VerifyToken = "verify-me-0a9b";
    private const string Path = "/webhooks/meta";

    private sealed class Host : IAsyncDisposable
    {
        public required WebApplication App { get; init; }

        public required HttpClient Client { get; init; }

        public required WebhookHost.RecordingHandlers Recorder { get; init; }

        public required WebhookHost.FakeWhatsAppProvider Provider { get; init; }

        public required FakeLogCollector Logs { get; init; }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.DisposeAsync();
        }
    }

    private static async Task<Host> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFakeLogging();
        var recorder = new WebhookHost.RecordingHandlers();
        var provider = new WebhookHost.FakeWhatsAppProvider();
        builder.Services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddMetaWhatsApp(o =>
            {
                o.AccessToken = "EAAG-test-token";
                o.PhoneNumberId = "106540352242922";
                o.AppSecret = AppSecret;
                o.VerifyToken = VerifyToken;
            })

            // The confirmation reply to STOP goes to this provider instead of Meta's API.
            .AddWhatsAppProvider(_ => provider);
        builder.Services.AddSingleton<IInboundMessageHandler>(recorder);
        builder.Services.AddSingleton<IDeliveryStatusHandler>(recorder);
        var app = builder.Build();
        app.MapMetaWhatsAppWebhooks(Path);
        await app.StartAsync();
        return new Host { App = app, Client = app.GetTestClient(), Recorder = recorder, Provider = provider, Logs = app.Services.GetFakeLogCollector() };
    }

    private static string Notification(string text, long? timestamp = null) =>
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
        + "\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"},"
        + "\"contacts\":[{\"profile\":{\"name\":\"Ada\"},\"wa_id\":\"14155552671\"}],"
        + "\"messages\":[{\"from\":\"14155552671\",\"id\":\"wamid.IN1\",\"timestamp\":\"" + (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()) + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}]}}]}]}";

    private static string Sign(byte[] body, string secret = AppSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static async Task<HttpResponseMessage> PostAsync(Host host, byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature);
        }

        return await host.Client.SendAsync(request);
    }

    [Test]
    public async Task The_handshake_echoes_the_challenge_for_the_right_token_and_answers_403_otherwise()
    {
        await using var host = await StartAsync();

        using var ok = await host.Client.GetAsync($"{Path}?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=1158201444");
        using var wrong = await host.Client.GetAsync($"{Path}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");

        Assert.Multiple(async () =>
        {
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await ok.Content.ReadAsStringAsync(), Is.EqualTo("1158201444"));
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await wrong.Content.ReadAsStringAsync(), Is.Empty);
        });
    }

    [Test]
    public async Task A_signed_message_reaches_the_handler_and_stop_opts_out()
    {
        await using var host = await StartAsync();

        // Non-ASCII text and a BOM-less UTF-8 body: the signature covers these exact bytes.
        var hello = Encoding.UTF8.GetBytes(Notification("Olá, ça va? 🍎"));
        using var accepted = await PostAsync(host, hello, Sign(hello));
        var stop = Encoding.UTF8.GetBytes(Notification("STOP").Replace("wamid.IN1", "wamid.IN2", StringComparison.Ordinal));
        using var stopped = await PostAsync(host, stop, Sign(stop));

        Assert.Multiple(async () =>
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(stopped.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(host.Recorder.Messages.Select(m => m.Body), Is.EqualTo(new[] { "Olá, ça va? 🍎", "STOP" }));
            Assert.That(await host.App.Services.GetRequiredService<IOptOutStore>().IsOptedOutAsync("+14155552671", MessagingPlatform.WhatsApp), Is.True);
            Assert.That(host.Provider.Sent, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Missing_and_forged_signatures_are_403_and_reach_no_handler()
    {
        await using var host = await StartAsync();
        var body = Encoding.UTF8.GetBytes(Notification("Hi"));
        var otherBytes = Encoding.UTF8.GetBytes(Notification("Hi ")); // signed over different bytes

        using var missing = await PostAsync(host, body, null);
        using var otherSecret = await PostAsync(host, body, Sign(body, "not-the-app-secret"));
        using var differentBytes = await PostAsync(host, body, Sign(otherBytes));

        Assert.Multiple(() =>
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(otherSecret.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(differentBytes.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(host.Recorder.Messages, Is.Empty);
            Assert.That(host.Logs.GetSnapshot().Select(r => r.Message), Has.None.Contains(AppSecret).And.None.Contains("+14155552671"));
        });
    }

    [Test]
    public async Task A_signed_body_that_is_not_a_notification_is_400()
    {
        await using var host = await StartAsync();
        var body = Encoding.UTF8.GetBytes("this is not json");

        using var response = await PostAsync(host, body, Sign(body));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(host.Recorder.Messages, Is.Empty);
        });
    }

    [Test]
    public async Task A_handler_failure_is_500_so_that_Meta_retries()
    {
        await using var host = await StartAsync();
        host.Recorder.Throw = new InvalidOperationException("database down");
        var body = Encoding.UTF8.GetBytes(Notification("Hi"));

        using var response = await PostAsync(host, body, Sign(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
    }
}
