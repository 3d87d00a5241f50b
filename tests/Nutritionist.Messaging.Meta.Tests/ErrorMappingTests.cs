using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Meta.Tests;

/// <summary>Meta's error answers and transport failures become classified <see cref="MessagingException"/>s.</summary>
public class ErrorMappingTests
{
    private static async Task<MessagingException> FailAsync(Func<RecordedRequest, HttpResponseMessage> respond, Action<MetaWhatsAppOptions>? configure = null, WhatsAppMessage? message = null)
    {
        var stub = new StubHttpHandler(respond);
        await using var services = TestMeta.Services(stub, configure);
        var provider = services.GetRequiredService<IWhatsAppProvider>();
        return Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(message ?? new WhatsAppMessage(TestMeta.Recipient, "Hi")))!;
    }

    [TestCase(400, 131047, MessagingErrorCode.SessionWindowClosed, false)]
    [TestCase(400, 131026, MessagingErrorCode.InvalidRecipient, false)]
    [TestCase(400, 130429, MessagingErrorCode.Throttled, true)]
    [TestCase(400, 131056, MessagingErrorCode.Throttled, true)]
    [TestCase(400, 80007, MessagingErrorCode.Throttled, true)]
    [TestCase(401, 190, MessagingErrorCode.AuthenticationFailed, false)]
    [TestCase(400, 100, MessagingErrorCode.InvalidMessage, false)]
    [TestCase(400, 131009, MessagingErrorCode.InvalidMessage, false)]
    [TestCase(400, 131051, MessagingErrorCode.InvalidMessage, false)]
    [TestCase(403, 10, MessagingErrorCode.AccessDenied, false)]
    public async Task Meta_error_codes_are_classified_and_keep_code_subcode_and_trace(int status, int code, MessagingErrorCode expected, bool transient)
    {
        var e = await FailAsync(_ => TestMeta.Error(status, code, "Meta says no", subcode: 2494010, details: "More detail", trace: "AQx9TraceId"));

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(expected));
            Assert.That(e.ProviderCode, Is.EqualTo(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(e.StatusCode, Is.EqualTo(status));
            Assert.That(e.IsTransient, Is.EqualTo(transient));
            Assert.That(e.MayHaveBeenSent, Is.False);
            Assert.That(e.Message, Does.Contain("Meta says no").And.Contain("More detail").And.Contain("2494010").And.Contain("AQx9TraceId"));
            var api = e.InnerException as MetaApiException;
            Assert.That(api, Is.Not.Null);
            Assert.That(api!.ErrorCode, Is.EqualTo(code));
            Assert.That(api.ErrorSubcode, Is.EqualTo(2494010));
            Assert.That(api.FbTraceId, Is.EqualTo("AQx9TraceId"));
            Assert.That(api.ErrorType, Is.EqualTo("OAuthException"));
        });
    }

    [Test]
    public async Task A_bad_token_is_an_authentication_failure()
    {
        var e = await FailAsync(_ => TestMeta.Error(401, 190, "Error validating access token: Session has expired", subcode: 463));

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.AuthenticationFailed));
            Assert.That(e.Message, Does.Not.Contain(TestMeta.Token));
        });
    }

    [Test]
    public async Task Throttling_honours_retry_after_then_the_business_use_case_header()
    {
        var withRetryAfter = await FailAsync(_ =>
        {
            var response = TestMeta.Error(429, 130429, "Rate limit hit");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return response;
        });
        var withUsage = await FailAsync(_ =>
        {
            var response = TestMeta.Error(400, 80007, "Rate limit issues");
            response.Headers.TryAddWithoutValidation("X-Business-Use-Case-Usage", """{"102290129340398":[{"type":"whatsapp","call_count":100,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":3}]}""");
            return response;
        });

        Assert.Multiple(() =>
        {
            Assert.That(withRetryAfter.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(withUsage.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(3)));
        });
    }

    [TestCase(500)]
    [TestCase(503)]
    public async Task A_5xx_may_have_sent_the_message(int status)
    {
        var e = await FailAsync(_ => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("<html>upstream error</html>") });

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(e.MayHaveBeenSent, Is.True);
            Assert.That(e.Message, Does.Contain("upstream error"));
        });
    }

    [Test]
    public async Task An_unreadable_success_answer_may_have_sent_the_message()
    {
        var e = await FailAsync(_ => TestMeta.Json(HttpStatusCode.OK, "{\"unexpected\":true}"));

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.Unknown));
            Assert.That(e.MayHaveBeenSent, Is.True);
        });
    }

    [Test]
    public async Task A_timeout_after_the_request_left_may_have_sent_the_message()
    {
        var e = await FailAsync(_ => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException()));

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(e.MayHaveBeenSent, Is.True);
            Assert.That(e.ProviderCode, Is.EqualTo("Timeout"));
        });
    }

    [Test]
    public async Task A_refused_connection_did_not_send_the_message()
    {
        // A real socket: a loopback port nobody listens on.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddMetaWhatsApp(o =>
        {
            TestMeta.Valid(o);
            o.BaseUrl = new Uri($"http://127.0.0.1:{port}");
        });
        await using var provider = services.BuildServiceProvider();
        var e = Assert.ThrowsAsync<MessagingException>(() => provider.GetRequiredService<IWhatsAppProvider>().SendAsync(new WhatsAppMessage(TestMeta.Recipient, "Hi")))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(e.MayHaveBeenSent, Is.False);
            Assert.That(e.IsTransient, Is.True);
        });
    }

    [Test]
    public async Task A_host_wide_retry_handler_never_re_sends_a_message()
    {
        var stub = new StubHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        await using var services = TestMeta.Services(stub, more: s => s.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler()));
        Assert.ThrowsAsync<MessagingException>(() => services.GetRequiredService<IWhatsAppProvider>().SendAsync(new WhatsAppMessage(TestMeta.Recipient, "Hi")));

        Assert.That(stub.Requests, Has.Count.EqualTo(1));
    }

    [TestCase("http://cdn.example.com/plan.jpg", "https")]
    [TestCase("ftp://cdn.example.com/plan.jpg", "https")]
    [TestCase("https://cdn.example.com/plan.xyz", "MediaKind")]
    public async Task Media_that_cannot_go_is_refused_before_any_call(string url, string reason)
    {
        var stub = new StubHttpHandler(_ => TestMeta.Accepted());
        await using var services = TestMeta.Services(stub);
        var e = Assert.ThrowsAsync<MessagingException>(() => services.GetRequiredService<IWhatsAppProvider>().SendAsync(
            new WhatsAppMessage(TestMeta.Recipient, "Plan") { MediaUrls = [new Uri(url)] }))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(e.Message, Does.Contain(reason));
            Assert.That(stub.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task Messages_the_Cloud_API_would_refuse_are_refused_before_any_call()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Accepted());
        await using var services = TestMeta.Services(stub);
        var provider = services.GetRequiredService<IWhatsAppProvider>();
        var cases = new (WhatsAppMessage Message, MessagingErrorCode Code, string Reason)[]
        {
            (new(TestMeta.Recipient, null) { Template = new WhatsAppTemplate("HX0123456789abcdef0123456789abcdef") }, MessagingErrorCode.InvalidMessage, "Twilio Content SID"),
            (new(TestMeta.Recipient, null) { Template = new WhatsAppTemplate("Order Ready") }, MessagingErrorCode.InvalidMessage, "template name"),
            (new(TestMeta.Recipient, null) { Template = new WhatsAppTemplate("order_ready", new Dictionary<string, string> { ["1"] = "a", ["3"] = "c" }) }, MessagingErrorCode.InvalidMessage, "'2' is missing"),
            (new(TestMeta.Recipient, null) { Template = new WhatsAppTemplate("order_ready", new Dictionary<string, string> { ["1"] = "a", ["name"] = "c" }) }, MessagingErrorCode.InvalidMessage, "mix"),
            (new(TestMeta.Recipient, "text too") { Template = new WhatsAppTemplate("order_ready") }, MessagingErrorCode.InvalidMessage, "no Body or media"),
            (new(TestMeta.Recipient, "caption") { MediaUrls = [new Uri("https://cdn.example.com/a.mp3")] }, MessagingErrorCode.InvalidMessage, "audio"),
            (new(TestMeta.Recipient, null) { MediaUrls = [new Uri("https://cdn.example.com/a.jpg"), new Uri("https://cdn.example.com/b.jpg")] }, MessagingErrorCode.InvalidMessage, "one media item"),
            (new(TestMeta.Recipient, new string('x', 4097)), MessagingErrorCode.InvalidMessage, "4096"),
            (new(TestMeta.Recipient, null), MessagingErrorCode.InvalidMessage, "no Body"),
            (new("14155552671", "Hi"), MessagingErrorCode.InvalidRecipient, "E.164"),
        };

        Assert.Multiple(() =>
        {
            foreach (var (message, code, reason) in cases)
            {
                var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(message))!;
                Assert.That(e.Code, Is.EqualTo(code), reason);
                Assert.That(e.Message, Does.Contain(reason));
            }

            Assert.That(stub.Requests, Is.Empty);
        });
    }
}
