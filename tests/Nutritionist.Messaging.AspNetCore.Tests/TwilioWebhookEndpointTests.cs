using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.OptOut;

namespace Nutritionist.Messaging.AspNetCore.Tests;

/// <summary><c>app.MapTwilioWebhooks()</c> through a real ASP.NET Core host on TestServer.</summary>
public class TwilioWebhookEndpointTests
{
    private const string EmptyTwiml = """<?xml version="1.0" encoding="UTF-8"?><Response></Response>""";

    private static async Task AssertTwimlAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/xml"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(EmptyTwiml));
    }

    [Test]
    public async Task A_signed_inbound_message_is_answered_with_empty_TwiML_and_reaches_the_application()
    {
        await using var host = await WebhookHost.StartAsync();

        using var response = await host.PostAsync("/webhooks/twilio/inbound", WebhookHost.Inbound("Here is my lunch"));

        await AssertTwimlAsync(response);
        var message = host.Recorder.Messages.Single();
        Assert.That(message.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
        Assert.That(message.From, Is.EqualTo(WebhookHost.Person));
        Assert.That(message.Body, Is.EqualTo("Here is my lunch"));
        Assert.That(message.ProfileName, Is.EqualTo("Ada"));
        Assert.That(message.ProviderName, Is.EqualTo("twilio-whatsapp"));
        Assert.That(host.Provider.Sent, Is.Empty, "no keyword, no reply");
    }

    [Test]
    public async Task A_signed_status_callback_is_answered_with_empty_TwiML_and_updates_the_tracker()
    {
        await using var host = await WebhookHost.StartAsync();
        var tracker = host.Services.GetRequiredService<IDeliveryTracker>();

        using var delivered = await host.PostAsync("/webhooks/twilio/status", WebhookHost.Status("delivered"));
        using var lateSent = await host.PostAsync("/webhooks/twilio/status", WebhookHost.Status("sent"));

        await AssertTwimlAsync(delivered);
        await AssertTwimlAsync(lateSent);
        var record = await tracker.GetAsync(WebhookHost.MessageSid);
        Assert.That(record!.Status, Is.EqualTo(DeliveryStatus.Delivered), "an earlier status arriving late does not go back");
        Assert.That(record.Recipient, Is.EqualTo(WebhookHost.Person));
        Assert.That(host.Recorder.Updates.Select(u => u.Status), Is.EqualTo(new[] { DeliveryStatus.Delivered, DeliveryStatus.Sent }));
    }

    [Test]
    public async Task A_STOP_reaches_the_opt_out_store_and_is_confirmed()
    {
        await using var host = await WebhookHost.StartAsync();
        var optOuts = host.Services.GetRequiredService<IOptOutStore>();

        using var response = await host.PostAsync("/webhooks/twilio/inbound", WebhookHost.Inbound("STOP"));

        await AssertTwimlAsync(response);
        Assert.That(await optOuts.IsOptedOutAsync(WebhookHost.Person, MessagingPlatform.WhatsApp), Is.True);
        var confirmation = host.Provider.Sent.Single();
        Assert.That(confirmation.To, Is.EqualTo(WebhookHost.Person));
        Assert.That(confirmation.Body, Does.Contain("unsubscribed"));

        var blocked = await host.Services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, WebhookHost.Person, "Your meal plan is ready!");
        Assert.That(blocked.Error?.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(host.Provider.Sent, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Forged_and_missing_signatures_are_answered_403_and_nothing_reaches_the_pipeline()
    {
        await using var host = await WebhookHost.StartAsync();
        var stop = WebhookHost.Inbound("STOP");

        using var forged = await host.PostAsync("/webhooks/twilio/inbound", stop, token: "not-the-auth-token");
        using var missing = await host.PostAsync("/webhooks/twilio/inbound", stop, token: null);
        using var garbage = await host.PostAsync("/webhooks/twilio/status", WebhookHost.Status("delivered"), signature: "bm90IGEgc2lnbmF0dXJl");
        using var otherUrl = await host.PostAsync("/webhooks/twilio/inbound", stop, signedUrl: "http://localhost/webhooks/twilio/status");

        Assert.That(new[] { forged.StatusCode, missing.StatusCode, garbage.StatusCode, otherUrl.StatusCode }, Is.All.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(host.Recorder.Messages, Is.Empty);
        Assert.That(host.Recorder.Updates, Is.Empty);
        Assert.That(host.Provider.Sent, Is.Empty);
        Assert.That(await host.Services.GetRequiredService<IOptOutStore>().IsOptedOutAsync(WebhookHost.Person, MessagingPlatform.WhatsApp), Is.False);
        Assert.That(await host.Services.GetRequiredService<IDeliveryTracker>().GetAsync(WebhookHost.MessageSid), Is.Null);
    }

    [Test]
    public async Task A_handler_that_throws_gives_500_so_Twilio_retries_and_the_retry_succeeds()
    {
        await using var host = await WebhookHost.StartAsync();
        host.Recorder.Throw = new InvalidOperationException("database down");

        using var failedInbound = await host.PostAsync("/webhooks/twilio/inbound", WebhookHost.Inbound("Here is my lunch"));
        using var failedStatus = await host.PostAsync("/webhooks/twilio/status", WebhookHost.Status("delivered"));
        host.Recorder.Throw = null;
        using var retried = await host.PostAsync("/webhooks/twilio/inbound", WebhookHost.Inbound("Here is my lunch"));

        Assert.That(failedInbound.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(failedStatus.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await failedInbound.Content.ReadAsStringAsync(), Does.Not.Contain("database down"), "exception text never goes back to the caller");
        await AssertTwimlAsync(retried);
    }

    [Test]
    public async Task Behind_a_proxy_the_signature_is_checked_against_the_configured_public_url()
    {
        await using var host = await WebhookHost.StartAsync(o => o.WebhookPublicBaseUrl = new Uri("https://public.example.com/nutrition/"));
        const string path = "/webhooks/twilio/inbound?tenant=a%20b&x=1";

        using var publicSigned = await host.PostAsync(path, WebhookHost.Inbound("hi"), signedUrl: "https://public.example.com/nutrition" + path);
        using var internalSigned = await host.PostAsync(path, WebhookHost.Inbound("hi"));

        await AssertTwimlAsync(publicSigned);
        Assert.That(internalSigned.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the internal URL is not what Twilio signed");
        Assert.That(host.Recorder.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Without_a_public_url_the_request_url_with_its_query_is_what_is_checked()
    {
        await using var host = await WebhookHost.StartAsync();
        const string path = "/webhooks/twilio/status?tenant=a%20b&x=1";

        using var good = await host.PostAsync(path, WebhookHost.Status("sent"), signedUrl: "http://localhost" + path);
        using var queryDropped = await host.PostAsync(path, WebhookHost.Status("sent"), signedUrl: "http://localhost/webhooks/twilio/status");

        await AssertTwimlAsync(good);
        Assert.That(queryDropped.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Forwarded_headers_middleware_also_reconstructs_the_public_url()
    {
        await using var host = await WebhookHost.StartAsync(
            services: s => s.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                o.KnownIPNetworks.Clear();
                o.KnownProxies.Clear();
            }),
            pipeline: app => app.UseForwardedHeaders());
        var form = WebhookHost.Inbound("hi");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/inbound") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "hooks.example.com");
        request.Headers.Add("X-Twilio-Signature", Twilio.TwilioSignature.Compute(WebhookHost.AuthToken, "https://hooks.example.com/webhooks/twilio/inbound", form));

        using var response = await host.Client.SendAsync(request);

        await AssertTwimlAsync(response);
    }

    [Test]
    public async Task A_signed_request_that_is_neither_a_message_nor_a_status_is_400()
    {
        await using var host = await WebhookHost.StartAsync();

        using var response = await host.PostAsync("/webhooks/twilio/inbound", [new("Hello", "world")]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("neither an inbound message"));
    }

    [Test]
    public async Task An_unreadable_form_is_400()
    {
        await using var host = await WebhookHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/inbound")
        {
            // Longer than the form reader's key length limit.
            Content = new StringContent(new string('k', 5000) + "=v", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Twilio-Signature", "c2lnbmF0dXJl");

        using var response = await host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(host.Recorder.Messages, Is.Empty);
    }

    [Test]
    public async Task The_routes_follow_the_pattern_and_take_only_POST()
    {
        await using var host = await WebhookHost.StartAsync(pattern: "/hooks/wa");

        using var custom = await host.PostAsync("/hooks/wa/status", WebhookHost.Status("queued"));
        using var statusOnInbound = await host.PostAsync("/hooks/wa/inbound", WebhookHost.Status("sent"));
        using var defaultPath = await host.PostAsync("/webhooks/twilio/inbound", WebhookHost.Inbound("hi"));
        using var get = await host.Client.GetAsync(new Uri("/hooks/wa/inbound", UriKind.Relative));

        await AssertTwimlAsync(custom);
        await AssertTwimlAsync(statusOnInbound);
        Assert.That(defaultPath.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task Mapping_without_AddTwilioWhatsApp_fails_with_a_message_that_says_what_to_call()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddNutritionistMessaging();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapTwilioWebhooks());

        Assert.That(error!.Message, Does.Contain("AddTwilioWhatsApp()"));
    }

    [Test]
    public async Task Endpoint_logs_hold_no_number_body_or_signature()
    {
        const string body = "My secret lunch is pizza";
        await using var host = await WebhookHost.StartAsync(services: s => s.AddFakeLogging());
        var form = WebhookHost.Inbound(body);
        var signature = Twilio.TwilioSignature.Compute(WebhookHost.AuthToken, "http://localhost/webhooks/twilio/inbound", form);

        using var ok = await host.PostAsync("/webhooks/twilio/inbound", form);
        using var forged = await host.PostAsync("/webhooks/twilio/inbound", form, token: "forged");
        host.Recorder.Throw = new InvalidOperationException("boom");
        using var failed = await host.PostAsync("/webhooks/twilio/status", WebhookHost.Status("delivered"));

        var records = host.Services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        Assert.That(records.Select(r => r.Id.Id), Does.Contain(4000).And.Contain(4001).And.Contain(3030).And.Contain(3040).And.Contain(3043));
        foreach (var record in records.Where(r => r.Level > LogLevel.Trace))
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            Assert.That(text, Does.Not.Contain("14155552671"), record.Message);
            Assert.That(text, Does.Not.Contain(body), record.Message);
            Assert.That(text, Does.Not.Contain(signature), record.Message);
            Assert.That(text, Does.Not.Contain(WebhookHost.AuthToken), record.Message);
        }
    }
}
