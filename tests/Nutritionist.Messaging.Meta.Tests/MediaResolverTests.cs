using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Meta.Tests;

/// <summary>An inbound media id resolves to its download URL on demand.</summary>
public class MediaResolverTests
{
    [Test]
    public async Task A_media_id_resolves_with_a_bearer_get()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Json(HttpStatusCode.OK, """
            {"messaging_product":"whatsapp","url":"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1479537139650973&ext=1","mime_type":"image/jpeg","sha256":"abc123","file_size":30360,"id":"1479537139650973"}
            """));
        await using var services = TestMeta.Services(stub);

        var media = await services.GetRequiredService<MetaMediaResolver>().ResolveAsync("1479537139650973");

        var request = stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Message.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(request.Message.RequestUri!.ToString(), Is.EqualTo("https://graph.facebook.com/v23.0/1479537139650973"));
            Assert.That(request.Header("Authorization"), Is.EqualTo("Bearer " + TestMeta.Token));
            Assert.That(media.Url.ToString(), Does.StartWith("https://lookaside.fbsbx.com/"));
            Assert.That(media.MimeType, Is.EqualTo("image/jpeg"));
            Assert.That(media.FileSize, Is.EqualTo(30360));
        });
    }

    [Test]
    public async Task An_unknown_media_id_is_a_classified_error()
    {
        var stub = new StubHttpHandler(_ => TestMeta.Error(400, 100, "Unsupported get request. Object with ID '42' does not exist", subcode: 33));
        await using var services = TestMeta.Services(stub);

        var e = Assert.ThrowsAsync<MessagingException>(() => services.GetRequiredService<MetaMediaResolver>().ResolveAsync("42"))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(e.ProviderCode, Is.EqualTo("100"));
            Assert.That(((MetaApiException)e.InnerException!).ErrorSubcode, Is.EqualTo(33));
        });
    }
}
