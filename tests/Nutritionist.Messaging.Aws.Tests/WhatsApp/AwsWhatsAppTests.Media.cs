using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.CloudApi;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests.WhatsApp;

/// <summary>
/// Media through End User Messaging Social: <c>PostWhatsAppMessageMedia</c> from S3 and <c>GetWhatsAppMessageMedia</c> to
/// S3, each request checked against the socialmessaging model and re-signed; the media id then sent by <c>id</c>.
/// </summary>
public sealed partial class AwsWhatsAppTests
{
    private const string UploadedMediaId = "1203951784372851";

    [Test]
    public async Task Upload_from_S3_sends_the_exact_signed_PostWhatsAppMessageMedia_and_returns_the_media_id()
    {
        var (media, handler) = Media(_ => Json($$"""{"mediaId":"{{UploadedMediaId}}"}"""));

        var mediaId = await media.UploadFromS3Async("nutritionist-media", "plates/2026-11-25.jpg");

        var request = handler.Requests.Single();
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Multiple(() =>
        {
            Assert.That(mediaId, Is.EqualTo(UploadedMediaId));
            Assert.That(request.Message.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.Message.RequestUri, Is.EqualTo(new Uri("https://social-messaging.us-east-1.amazonaws.com/v1/whatsapp/media")));
            Assert.That(ServiceModel.Operation("PostWhatsAppMessageMedia", ServiceModel.Social).GetProperty("http").GetProperty("requestUri").GetString(), Is.EqualTo("/v1/whatsapp/media"));
            Assert.That(request.Header("Authorization"), Does.Match(AuthorizationShape()));
            Assert.That(Resigned(request, path: "/v1/whatsapp/media"), Is.EqualTo(request.Header("Authorization")));
            Assert.That(ServiceModel.Validate(body.RootElement, ServiceModel.InputShape("PostWhatsAppMessageMedia", ServiceModel.Social), ServiceModel.Social), Is.Empty);
            Assert.That(body.RootElement.ToString(), Is.EqualTo($$$"""{"originationPhoneNumberId":"{{{PhoneNumberId}}}","sourceS3File":{"bucketName":"nutritionist-media","key":"plates/2026-11-25.jpg"}}"""));
        });
    }

    [Test]
    public async Task Download_to_S3_sends_the_exact_signed_GetWhatsAppMessageMedia_and_returns_what_AWS_says()
    {
        var (media, handler) = Media(_ => Json("""{"mimeType":"image/jpeg","fileSize":182}"""));

        var info = await media.DownloadToS3Async(UploadedMediaId, "nutritionist-inbound", "whatsapp/");

        var request = handler.Requests.Single();
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Multiple(() =>
        {
            Assert.That(info, Is.EqualTo(new AwsWhatsAppMediaInfo("image/jpeg", 182)));
            Assert.That(request.Message.RequestUri, Is.EqualTo(new Uri("https://social-messaging.us-east-1.amazonaws.com/v1/whatsapp/media/get")));
            Assert.That(ServiceModel.Operation("GetWhatsAppMessageMedia", ServiceModel.Social).GetProperty("http").GetProperty("requestUri").GetString(), Is.EqualTo("/v1/whatsapp/media/get"));
            Assert.That(Resigned(request, path: "/v1/whatsapp/media/get"), Is.EqualTo(request.Header("Authorization")));
            Assert.That(ServiceModel.Validate(body.RootElement, ServiceModel.InputShape("GetWhatsAppMessageMedia", ServiceModel.Social), ServiceModel.Social), Is.Empty);
            Assert.That(body.RootElement.ToString(), Is.EqualTo($$$"""{"mediaId":"{{{UploadedMediaId}}}","originationPhoneNumberId":"{{{PhoneNumberId}}}","destinationS3File":{"bucketName":"nutritionist-inbound","key":"whatsapp/"}}"""));
        });
    }

    [Test]
    public void Media_errors_are_classified_as_for_sends_and_bad_arguments_never_leave()
    {
        var (throttled, _) = Media(_ => RestJsonError(HttpStatusCode.TooManyRequests, "ThrottledRequestException", "slow down", inHeader: false));
        var (empty, _) = Media(_ => Json("{}"));
        var (unused, handler) = Media(_ => Json("{}"));

        var e = Assert.ThrowsAsync<MessagingException>(() => throttled.UploadFromS3Async("nutritionist-media", "a.jpg"));
        var missing = Assert.ThrowsAsync<MessagingException>(() => empty.UploadFromS3Async("nutritionist-media", "a.jpg"));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.Throttled));
            Assert.That(e.IsTransient, Is.True);
            Assert.That(missing!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(missing.ProviderCode, Is.EqualTo("MissingMediaId"));
            Assert.That(() => unused.UploadFromS3Async("Not_A_Bucket", "a.jpg"), Throws.ArgumentException.With.Property("ParamName").EqualTo("bucketName"));
            Assert.That(() => unused.UploadFromS3Async("nutritionist-media", " "), Throws.ArgumentException.With.Property("ParamName").EqualTo("key"));
            Assert.That(() => unused.DownloadToS3Async("", "nutritionist-media", "x/"), Throws.ArgumentException.With.Property("ParamName").EqualTo("mediaId"));
            Assert.That(handler.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task The_uploaded_media_id_is_sent_by_id_and_the_decoded_message_is_the_writers()
    {
        var (provider, handler) = Provider(_ => Json("""{"messageId":"m-media"}"""));
        var message = new WhatsAppMessage(Recipient, "Today's plate") { MediaId = UploadedMediaId, MediaKind = WhatsAppMediaKind.Image };

        await provider.SendAsync(message);

        using var body = JsonDocument.Parse(handler.Requests.Single().Body!);
        var decoded = Encoding.UTF8.GetString(body.RootElement.GetProperty("message").GetBytesFromBase64());
        Assert.That(ServiceModel.Validate(body.RootElement, ServiceModel.InputShape("SendWhatsAppMessage", ServiceModel.Social), ServiceModel.Social), Is.Empty);
        Assert.That(decoded, Is.EqualTo(Encoding.UTF8.GetString(CloudApiMessageWriter.Write(message))));
        Assert.That(decoded, Is.EqualTo($$$"""{"messaging_product":"whatsapp","to":"+14155552671","type":"image","image":{"caption":"Today's plate","id":"{{{UploadedMediaId}}}"}}"""));
    }

    [Test]
    public async Task AddAwsWhatsApp_registers_the_media_service_on_the_providers_client()
    {
        using var env = new EnvironmentScope().ClearAws();
        var handler = new StubHttpHandler(_ => Json($$"""{"mediaId":"{{UploadedMediaId}}"}"""));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging().AddAwsWhatsApp(o =>
        {
            o.Region = "eu-west-1";
            o.OriginationPhoneNumberId = PhoneNumberId;
            o.AccessKeyId = TestAws.AccessKeyId;
            o.SecretAccessKey = TestAws.SecretAccessKey;
        });
        services.AddHttpClient(SocialMessagingClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var mediaId = await provider.GetRequiredService<AwsWhatsAppMedia>().UploadFromS3Async("nutritionist-media", "a.pdf");

        Assert.That(mediaId, Is.EqualTo(UploadedMediaId));
        Assert.That(handler.Requests.Single().Message.RequestUri, Is.EqualTo(new Uri("https://social-messaging.eu-west-1.amazonaws.com/v1/whatsapp/media")));
    }

    private static (AwsWhatsAppMedia Media, StubHttpHandler Handler) Media(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        var handler = new StubHttpHandler(respond);
        var client = new SocialMessagingClient(
            new StubHttpClientFactory(handler),
            new FixedConnection(Endpoint, "us-east-1", TestAws.Credentials(null)),
            new FakeTimeProvider(TestAws.Now),
            NullLogger<SocialMessagingClient>.Instance);
        return (new AwsWhatsAppMedia(client, Options.Create(new AwsWhatsAppOptions { OriginationPhoneNumberId = PhoneNumberId, Region = "us-east-1" })), handler);
    }
}
