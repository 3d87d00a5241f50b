using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Nutritionist.Messaging.AspNetCore.Internal;

namespace Nutritionist.Messaging.AspNetCore.Tests;

/// <summary>How the endpoint rebuilds the URL Twilio signed from what the server received.</summary>
public class ReceivedUrlTests
{
    [Test]
    public void The_raw_request_target_is_used_verbatim_so_the_original_encoding_survives()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("hooks.example.com:8443");
        context.Request.PathBase = "/app";
        context.Request.Path = "/webhooks/twilio/inbound/o'brien";
        context.Request.QueryString = new QueryString("?x=%20y");
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/app/webhooks/twilio/inbound/o%27brien?x=%20y";

        Assert.That(TwilioWebhookEndpoint.ReceivedUrl(context.Request), Is.EqualTo("https://hooks.example.com:8443/app/webhooks/twilio/inbound/o%27brien?x=%20y"));
    }

    [Test]
    public void Without_a_raw_target_the_path_base_path_and_query_are_used()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.PathBase = "/app";
        context.Request.Path = "/webhooks/twilio/status";
        context.Request.QueryString = new QueryString("?tenant=a%20b");
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = string.Empty;

        Assert.That(TwilioWebhookEndpoint.ReceivedUrl(context.Request), Is.EqualTo("http://localhost/app/webhooks/twilio/status?tenant=a%20b"));
    }

    [Test]
    public void An_absolute_form_target_is_not_taken_as_the_path()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = "/webhooks/twilio/inbound";
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "http://localhost/webhooks/twilio/inbound";

        Assert.That(TwilioWebhookEndpoint.ReceivedUrl(context.Request), Is.EqualTo("http://localhost/webhooks/twilio/inbound"));
    }
}
