using System.Net;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Aws.Wire;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>Every error shape and reason of issue 3 point 5: code, transience, "may have been sent", provider code, AWS text kept.</summary>
public sealed class ErrorMappingTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(HttpStatusCode status, string type, string? reason, MessagingErrorCode code, bool transient, bool maySent, string extra = "") =>
            new TestCaseData(status, type, reason, extra, code, transient, maySent).SetName($"{type} {reason ?? "(no reason)"} -> {code}");

        yield return Case(HttpStatusCode.BadRequest, "ConflictException", "DESTINATION_PHONE_NUMBER_OPTED_OUT", MessagingErrorCode.OptedOut, false, false, ",\"ResourceType\":\"opted-out-number\",\"ResourceId\":\"+14155552671\"");
        yield return Case(HttpStatusCode.BadRequest, "ConflictException", "DESTINATION_PHONE_NUMBER_NOT_VERIFIED", MessagingErrorCode.InvalidRecipient, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ConflictException", "DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION", MessagingErrorCode.InvalidRecipient, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ConflictException", "NO_ORIGINATION_IDENTITIES_FOUND", MessagingErrorCode.NotConfigured, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ConflictException", "RESOURCE_NOT_ACTIVE", MessagingErrorCode.NotConfigured, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ConflictException", "KEYWORD_MISMATCH", MessagingErrorCode.Unknown, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ValidationException", "PRICE_OVER_THRESHOLD", MessagingErrorCode.PriceOverThreshold, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ValidationException", "DESTINATION_COUNTRY_BLOCKED", MessagingErrorCode.InvalidRecipient, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ValidationException", "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY", MessagingErrorCode.InvalidRecipient, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ValidationException", "FIELD_VALIDATION_FAILED", MessagingErrorCode.InvalidRecipient, false, false,
            ",\"Fields\":[{\"Name\":\"DestinationPhoneNumber\",\"Message\":\"Value does not match pattern\"}]");
        yield return Case(HttpStatusCode.BadRequest, "ValidationException", "FIELD_VALIDATION_FAILED", MessagingErrorCode.InvalidMessage, false, false,
            ",\"Fields\":[{\"Name\":\"MessageBody\",\"Message\":\"Member must have length less than or equal to 1600\"}]");
        yield return Case(HttpStatusCode.BadRequest, "ValidationException", "MEDIA_TYPE_NOT_SUPPORTED", MessagingErrorCode.InvalidMessage, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ValidationException", "SENDER_ID_NOT_REGISTERED", MessagingErrorCode.NotConfigured, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ValidationException", null, MessagingErrorCode.InvalidMessage, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ThrottlingException", null, MessagingErrorCode.Throttled, true, false);
        yield return Case(HttpStatusCode.TooManyRequests, "ThrottlingException", null, MessagingErrorCode.Throttled, true, false);
        yield return Case(HttpStatusCode.PaymentRequired, "ServiceQuotaExceededException", "MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT", MessagingErrorCode.QuotaExceeded, false, false);
        yield return Case(HttpStatusCode.PaymentRequired, "ServiceQuotaExceededException", "MONTHLY_SPEND_LIMIT_REACHED_FOR_MEDIA", MessagingErrorCode.QuotaExceeded, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ServiceQuotaExceededException", "DAILY_DESTINATION_CALL_LIMIT", MessagingErrorCode.QuotaExceeded, false, false);
        yield return Case(HttpStatusCode.Forbidden, "AccessDeniedException", "ACCOUNT_DISABLED", MessagingErrorCode.AccessDenied, false, false);
        yield return Case(HttpStatusCode.Forbidden, "AccessDeniedException", null, MessagingErrorCode.AccessDenied, false, false);
        yield return Case(HttpStatusCode.BadRequest, "UnrecognizedClientException", null, MessagingErrorCode.AuthenticationFailed, false, false);
        yield return Case(HttpStatusCode.Forbidden, "InvalidSignatureException", null, MessagingErrorCode.AuthenticationFailed, false, false);
        yield return Case(HttpStatusCode.BadRequest, "ExpiredTokenException", null, MessagingErrorCode.AuthenticationFailed, true, false);
        yield return Case(HttpStatusCode.Forbidden, "IncompleteSignatureException", null, MessagingErrorCode.AuthenticationFailed, false, false);
        yield return Case(HttpStatusCode.NotFound, "ResourceNotFoundException", null, MessagingErrorCode.NotConfigured, false, false, ",\"ResourceType\":\"configuration-set\",\"ResourceId\":\"nutrition-events\"");
        yield return Case(HttpStatusCode.InternalServerError, "InternalServerException", null, MessagingErrorCode.ProviderUnavailable, true, true, ",\"RequestId\":\"abc\"");
        yield return Case(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", null, MessagingErrorCode.ProviderUnavailable, true, true);
        yield return Case(HttpStatusCode.BadRequest, "SomethingNewException", null, MessagingErrorCode.Unknown, false, false);
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Maps_error_body(HttpStatusCode status, string type, string? reason, string extra, MessagingErrorCode code, bool transient, bool maySent)
    {
        var e = await SendExpectingFailure(_ => TestAws.Error(status, type, "AWS says: the request was refused", reason, extra));

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(code));
            Assert.That(e.IsTransient, Is.EqualTo(transient), "IsTransient");
            Assert.That(e.MayHaveBeenSent, Is.EqualTo(maySent), "MayHaveBeenSent");
            Assert.That(e.StatusCode, Is.EqualTo((int)status));
            Assert.That(e.ProviderCode, Is.EqualTo(reason is null ? type : $"{type}/{reason}"));
            Assert.That(e.Message, Does.Contain("AWS says: the request was refused"), "AWS's own text is kept");
            Assert.That(e.InnerException, Is.InstanceOf<AwsApiException>());
        });
    }

    [Test]
    public async Task Error_type_from_the_header_wins_and_is_sanitised()
    {
        var e = await SendExpectingFailure(_ =>
        {
            var response = TestAws.Json("""{"message":"Rate exceeded"}""", HttpStatusCode.BadRequest);
            response.Headers.TryAddWithoutValidation("X-Amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/");
            return response;
        });

        Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.Throttled));
        Assert.That(e.ProviderCode, Is.EqualTo("ThrottlingException"));
        Assert.That(e.Message, Does.Contain("Rate exceeded"), "lower-case message member");
    }

    [TestCase("com.amazonaws.pinpointsmsvoicev2#ConflictException", "ConflictException")]
    [TestCase("ConflictException", "ConflictException")]
    [TestCase("aws.protocols#ThrottlingException:http://internal.amazon.com/", "ThrottlingException")]
    [TestCase("UnrecognizedClientException:", "UnrecognizedClientException")]
    [TestCase("  ", null)]
    public void Sanitises_error_types(string raw, string? expected) =>
        Assert.That(SmsVoiceClient.SanitizeErrorType(raw), Is.EqualTo(expected));

    [Test]
    public async Task Throttling_honours_retry_after()
    {
        var e = await SendExpectingFailure(_ =>
        {
            var response = TestAws.Error(HttpStatusCode.TooManyRequests, "ThrottlingException", "Rate exceeded");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return response;
        });

        Assert.That(e.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(e.MayHaveBeenSent, Is.False);
    }

    [Test]
    public async Task Bare_403_without_a_type_is_an_authentication_failure()
    {
        var e = await SendExpectingFailure(_ => new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("<html>Forbidden</html>") });
        Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.AuthenticationFailed));
        Assert.That(e.ProviderCode, Is.EqualTo("Http403"));
        Assert.That(e.Message, Does.Contain("Forbidden"));
    }

    [Test]
    public async Task Bare_502_is_ambiguous()
    {
        var e = await SendExpectingFailure(_ => new HttpResponseMessage(HttpStatusCode.BadGateway));
        Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.MayHaveBeenSent, Is.True);
    }

    [Test]
    public async Task Success_without_json_is_ambiguous()
    {
        var e = await SendExpectingFailure(_ => TestAws.Json("<not json>"));
        Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.MayHaveBeenSent, Is.True);
    }

    [Test]
    public async Task Success_without_message_id_is_ambiguous()
    {
        var e = await SendExpectingFailure(_ => TestAws.Json("{}"));
        Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(e.MayHaveBeenSent, Is.True);
    }

    [Test]
    public void Name_resolution_failure_is_certainly_not_sent()
    {
        var e = new HttpRequestException(HttpRequestError.NameResolutionError, "No such host is known.");
        Assert.That(SmsVoiceClient.IsCertainlyNotSent(e), Is.True);
        Assert.That(SmsVoiceClient.IsCertainlyNotSent(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")), Is.False);
        Assert.That(SmsVoiceClient.IsCertainlyNotSent(new HttpRequestException("refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused))), Is.True);
    }

    private static async Task<MessagingException> SendExpectingFailure(Func<Testing.Shared.RecordedRequest, HttpResponseMessage> respond)
    {
        var (client, _, time) = TestAws.Client(respond);
        var provider = TestAws.Provider(client, new AwsSmsOptions(), time);
        try
        {
            await provider.SendAsync(new SmsMessage("+14155552671", "hi"));
        }
        catch (MessagingException e)
        {
            return e;
        }

        Assert.Fail("expected a MessagingException");
        return null!;
    }
}
