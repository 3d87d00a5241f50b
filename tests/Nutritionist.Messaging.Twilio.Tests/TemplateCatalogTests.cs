using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

public class TemplateCatalogTests
{
    [Test]
    public async Task Lists_the_specs_example_page_with_variables_types_and_approval()
    {
        using var spec = JsonDocument.Parse(ReferenceData.ReadText("twilio/twilio_content_v1.json"));
        var example = spec.RootElement.GetProperty("paths").GetProperty("/v1/ContentAndApprovals").GetProperty("get").GetProperty("responses")
            .GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("examples").GetProperty("readResults")
            .GetProperty("value").GetRawText();
        var stub = new StubHttpHandler(_ => TestTwilio.Json(HttpStatusCode.OK, example));
        await using var services = TestTwilio.Services(stub);

        var templates = await services.GetRequiredService<IWhatsAppTemplateCatalog>().ListAsync();

        var request = stub.Requests.Single();
        Assert.That(request.Message.Method, Is.EqualTo(HttpMethod.Get));
        Assert.That(request.Message.RequestUri!.GetLeftPart(UriPartial.Path), Is.EqualTo("https://content.twilio.com/v1/ContentAndApprovals"));
        Assert.That(request.Message.RequestUri.Query, Does.Contain("PageSize="));
        Assert.That(request.Header("Authorization"), Is.EqualTo(TestTwilio.BasicAuth(TestTwilio.AccountSid, TestTwilio.AuthToken)));

        Assert.That(templates.Select(t => t.Name), Is.EqualTo(new[] { "Some content", "Media Test", "Video Highlights" }));
        var first = templates[0];
        Assert.That(first.Sid, Is.EqualTo("HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        Assert.That(first.Name, Is.EqualTo("Some content"));
        Assert.That(first.Language, Is.EqualTo("en"));
        Assert.That(first.Variables, Is.EqualTo(new Dictionary<string, string> { ["name"] = "foo" }));
        Assert.That(first.ContentTypes, Is.EquivalentTo(new[] { "twilio/text", "twilio/location" }));
        Assert.That(first.WhatsAppApprovalStatus, Is.EqualTo("unsubmitted"));
        Assert.That(first.IsApprovedForWhatsApp, Is.False);
        Assert.That(first.DateCreated, Is.EqualTo(new DateTimeOffset(2015, 7, 30, 19, 0, 0, TimeSpan.Zero)));

        Assert.That(templates[1].IsApprovedForWhatsApp, Is.True);

        var second = templates[2];
        Assert.That(second.Variables.Keys, Is.EquivalentTo(new[] { "1", "2", "3" }));
        Assert.That(second.WhatsAppApprovalStatus, Is.EqualTo("rejected"));
        Assert.That(second.WhatsAppCategory, Is.EqualTo("TRANSACTIONAL"));
        Assert.That(second.RejectionReason, Does.StartWith("INVALID_FORMAT"));
    }

    [Test]
    public async Task Follows_next_page_urls_and_reads_the_approval_nested_under_whatsapp()
    {
        var stub = new StubHttpHandler(r => TestTwilio.Json(HttpStatusCode.OK, r.Message.RequestUri!.Query.Contains("PageToken=p2", StringComparison.Ordinal)
            ? Page("HX11111111111111111111111111111111", "approved", next: null)
            : Page("HX00000000000000000000000000000000", "pending", next: "https://content.twilio.com/v1/ContentAndApprovals?PageSize=500&Page=1&PageToken=p2")));
        await using var services = TestTwilio.Services(stub, o =>
        {
            TestTwilio.Valid(o);
            o.ApiBaseUrl = new Uri("http://127.0.0.1:4010");
        });

        var templates = await services.GetRequiredService<IWhatsAppTemplateCatalog>().ListAsync();

        Assert.That(templates.Select(t => t.Sid), Is.EqualTo(new[] { "HX00000000000000000000000000000000", "HX11111111111111111111111111111111" }));
        Assert.That(templates.Select(t => t.WhatsAppApprovalStatus), Is.EqualTo(new[] { "pending", "approved" }));
        Assert.That(templates[1].IsApprovedForWhatsApp, Is.True);
        Assert.That(templates[1].WhatsAppCategory, Is.EqualTo("UTILITY"));
        Assert.That(stub.Requests.Select(r => r.Message.RequestUri!.GetLeftPart(UriPartial.Path)), Is.All.EqualTo("http://127.0.0.1:4010/v1/ContentAndApprovals"));
        Assert.That(stub.Requests.Select(r => r.Header("X-Forwarded-Host")), Is.All.EqualTo("content.twilio.com"));
    }

    [Test]
    public async Task Errors_are_classified()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Error(20003, 401, "Authenticate"));
        await using var services = TestTwilio.Services(stub);

        var e = Assert.ThrowsAsync<MessagingException>(() => services.GetRequiredService<IWhatsAppTemplateCatalog>().ListAsync());
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.AuthenticationFailed));
    }

    private static string Page(string sid, string status, string? next) => $$"""
        {
          "contents": [{
            "date_created": "2024-01-01T00:00:00Z", "date_updated": "2024-01-02T00:00:00Z",
            "sid": "{{sid}}", "account_sid": "{{TestTwilio.AccountSid}}", "friendly_name": "meal_reminder", "language": "en",
            "variables": {"1": "Ada"}, "types": {"twilio/text": {"body": "Hi there, time for lunch"} },
            "approval_requests": {"whatsapp": {"type": "whatsapp", "name": "meal_reminder", "category": "UTILITY", "content_type": "twilio/text", "status": "{{status}}", "rejection_reason": "", "allow_category_change": false} }
          }],
          "meta": {"page": 0, "page_size": 500, "first_page_url": "https://content.twilio.com/v1/ContentAndApprovals?PageSize=500&Page=0",
                   "previous_page_url": null, "next_page_url": {{(next is null ? "null" : "\"" + next + "\"")}},
                   "url": "https://content.twilio.com/v1/ContentAndApprovals?PageSize=500&Page=0", "key": "contents"}
        }
        """;
}
