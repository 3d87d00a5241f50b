using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

public class ErrorMappingTests
{
    private static async Task<MessagingException> SendExpectingFailureAsync(Func<RecordedRequest, HttpResponseMessage> respond, Action<TwilioWhatsAppOptions>? configure = null)
    {
        var stub = new StubHttpHandler(respond);
        await using var services = TestTwilio.Services(stub, configure);
        var provider = TestTwilio.Provider(services);
        var exception = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi")));
        return exception!;
    }

    [TestCase(21211, 400, "The 'To' number +14155552671 is not a valid phone number.", MessagingErrorCode.InvalidRecipient)]
    [TestCase(21614, 400, "'To' number is not a valid mobile number", MessagingErrorCode.InvalidRecipient)]
    [TestCase(63003, 400, "Channel could not find To address", MessagingErrorCode.InvalidRecipient)]
    [TestCase(21610, 400, "Attempt to send to unsubscribed recipient", MessagingErrorCode.OptedOut)]
    [TestCase(63014, 400, "Channel message blocked by user action", MessagingErrorCode.OptedOut)]
    [TestCase(63016, 400, "Failed to send freeform message because you are outside the allowed window.", MessagingErrorCode.SessionWindowClosed)]
    [TestCase(20003, 401, "Authenticate", MessagingErrorCode.AuthenticationFailed)]
    [TestCase(21606, 400, "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination/account", MessagingErrorCode.NotConfigured)]
    [TestCase(63007, 400, "Twilio could not find a Channel with the specified From address", MessagingErrorCode.NotConfigured)]
    [TestCase(63021, 400, "Channel invalid content error", MessagingErrorCode.InvalidMessage)]
    [TestCase(63030, 400, "Unsupported parameter for type of channel's message", MessagingErrorCode.InvalidMessage)]
    [TestCase(21619, 400, "A text message body or media urls must be specified.", MessagingErrorCode.InvalidMessage)]
    [TestCase(20403, 403, "Permission denied", MessagingErrorCode.AccessDenied)]
    [TestCase(21604, 400, "A 'To' phone number is required.", MessagingErrorCode.Unknown)]
    public async Task Twilio_error_codes_are_classified_and_keep_Twilios_text(int code, int status, string message, MessagingErrorCode expected)
    {
        var e = await SendExpectingFailureAsync(_ => TestTwilio.Error(code, status, message));

        Assert.That(e.Code, Is.EqualTo(expected));
        Assert.That(e.ProviderCode, Is.EqualTo(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(e.StatusCode, Is.EqualTo(status));
        Assert.That(e.Message, Does.Contain(message));
        Assert.That(e.Message, Does.Contain($"https://www.twilio.com/docs/errors/{code}"));
        Assert.That(e.IsTransient, Is.False);
        Assert.That(e.MayHaveBeenSent, Is.False);
    }

    [Test]
    public async Task Code_20429_is_throttled_transient_and_not_sent_with_Retry_After()
    {
        var e = await SendExpectingFailureAsync(_ =>
        {
            var response = TestTwilio.Error(20429, 429, "Too Many Requests");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return response;
        });

        Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.Throttled));
        Assert.That(e.IsTransient, Is.True);
        Assert.That(e.MayHaveBeenSent, Is.False);
        Assert.That(e.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public async Task Http_429_without_a_Twilio_code_is_throttled()
    {
        var e = await SendExpectingFailureAsync(_ => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("slow down") });

        Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.Throttled));
        Assert.That(e.StatusCode, Is.EqualTo(429));
        Assert.That(e.IsTransient, Is.True);
    }

    [Test]
    public async Task Http_401_with_an_html_body_is_an_authentication_failure()
    {
        var e = await SendExpectingFailureAsync(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("<html>401</html>", Encoding.UTF8, "text/html") });

        Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.AuthenticationFailed));
        Assert.That(e.StatusCode, Is.EqualTo(401));
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    public async Task Server_errors_are_unavailable_and_may_have_been_sent(int status)
    {
        var e = await SendExpectingFailureAsync(_ => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("<html>Bad gateway</html>", Encoding.UTF8, "text/html") });

        Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.StatusCode, Is.EqualTo(status));
        Assert.That(e.IsTransient, Is.True);
        Assert.That(e.MayHaveBeenSent, Is.True);
    }

    [Test]
    public async Task Twilio_json_500_is_unavailable_and_may_have_been_sent()
    {
        var e = await SendExpectingFailureAsync(_ => TestTwilio.Error(20500, 500, "Internal Server Error"));

        Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.ProviderCode, Is.EqualTo("20500"));
        Assert.That(e.MayHaveBeenSent, Is.True);
    }

    [Test]
    public async Task Connection_refused_on_a_real_loopback_port_is_transient_and_certainly_not_sent()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging().AddTwilioWhatsApp(o =>
        {
            TestTwilio.Valid(o);
            o.ApiBaseUrl = new Uri($"http://127.0.0.1:{port}");
        });
        await using var provider = services.BuildServiceProvider();

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.GetRequiredService<IWhatsAppProvider>().SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi")));

        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.IsTransient, Is.True);
        Assert.That(e.MayHaveBeenSent, Is.False);
        Assert.That(e.InnerException, Is.InstanceOf<HttpRequestException>(), "the transport's own failure, not the SDK's wrapper");
    }

    [Test]
    public async Task Connection_reset_after_sending_may_have_been_sent()
    {
        var e = await SendExpectingFailureAsync(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.MayHaveBeenSent, Is.True);
        Assert.That(e.IsTransient, Is.True);
    }

    [Test]
    public async Task A_timeout_may_have_been_sent()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(new DelayingHandler(stub), o =>
        {
            TestTwilio.Valid(o);
            o.RequestTimeout = TimeSpan.FromMilliseconds(50);
        });

        var e = Assert.ThrowsAsync<MessagingException>(() => TestTwilio.Provider(services).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi")));

        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.MayHaveBeenSent, Is.True);
    }

    [Test]
    public async Task Cancellation_by_the_caller_propagates_as_OperationCanceledException()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(new DelayingHandler(stub));
        using var cts = new CancellationTokenSource();
        var send = TestTwilio.Provider(services).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi"), cts.Token);
        await cts.CancelAsync();

        var e = Assert.CatchAsync<OperationCanceledException>(() => send);
        Assert.That(e!.CancellationToken, Is.EqualTo(cts.Token));
    }

    [Test]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);

        Assert.CatchAsync<OperationCanceledException>(() => TestTwilio.Provider(services).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi"), new CancellationToken(true)));
        Assert.That(stub.Requests, Is.Empty);
    }

    [TestCase(21610, MessagingErrorCode.OptedOut, "Attempt to send to unsubscribed recipient")]
    [TestCase(63016, MessagingErrorCode.SessionWindowClosed, "Failed to send freeform message because you are outside the allowed window.")]
    [TestCase(21211, MessagingErrorCode.InvalidRecipient, "The 'To' number is not a valid phone number.")]
    public void The_error_document_is_read_with_source_generated_json(int code, MessagingErrorCode expected, string message)
    {
        // Read without the SDK's Newtonsoft parser (reflection), so a trimmed or Native AOT app classifies it the same.
        var body = $$"""{"code": {{code}}, "message": "{{message}}", "more_info": "https://www.twilio.com/docs/errors/{{code}}", "status": 400}""";

        var e = Nutritionist.Messaging.Twilio.Internal.TwilioErrorMapper.FromResponse(400, body);

        Assert.That(e.Code, Is.EqualTo(expected));
        Assert.That(e.ProviderCode, Is.EqualTo(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(e.StatusCode, Is.EqualTo(400));
        Assert.That(e.Message, Does.Contain(message).And.Contain($"https://www.twilio.com/docs/errors/{code}"));
        Assert.That(e.MayHaveBeenSent, Is.False);
    }

    [TestCase("<html><body>502 Bad Gateway</body></html>", 502, MessagingErrorCode.ProviderUnavailable, true)]
    [TestCase("", 401, MessagingErrorCode.AuthenticationFailed, false)]
    [TestCase("{\"code\": \"not a number\"}", 429, MessagingErrorCode.Throttled, false)]
    public void An_answer_without_Twilios_error_document_is_classified_by_its_status(string body, int status, MessagingErrorCode expected, bool mayHaveBeenSent)
    {
        var e = Nutritionist.Messaging.Twilio.Internal.TwilioErrorMapper.FromResponse(status, body);

        Assert.That(e.Code, Is.EqualTo(expected));
        Assert.That(e.ProviderCode, Is.Null);
        Assert.That(e.StatusCode, Is.EqualTo(status));
        Assert.That(e.Message, Does.Contain($"HTTP {status}"));
        Assert.That(e.MayHaveBeenSent, Is.EqualTo(mayHaveBeenSent));
    }

    /// <summary>Waits (honouring the request's token) before passing the request on: a slow Twilio.</summary>
    private sealed class DelayingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
