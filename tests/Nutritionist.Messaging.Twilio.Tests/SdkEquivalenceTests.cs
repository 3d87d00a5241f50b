using Nutritionist.Messaging.Testing.Shared;
using Twilio.Clients;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Nutritionist.Messaging.Twilio.Tests;

/// <summary>
/// The provider builds the Messages create request itself; each case pins that it is byte for byte the request the SDK's
/// <see cref="MessageResource.CreateAsync(CreateMessageOptions, ITwilioRestClient)"/> sends for the same message.
/// </summary>
public class SdkEquivalenceTests
{
    private static readonly Uri PerMessageCallback = new("https://hooks.example.com/per-message?id=42&tag=a%20b");
    private static readonly Uri OptionsCallback = new("https://hooks.example.com/twilio/status");
    private static readonly Uri Media = new("https://cdn.example.com/plans/day%201.pdf?sig=x+y");

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(
            new WhatsAppMessage(TestTwilio.Recipient, "Your meal plan is ready!"),
            (Action<TwilioWhatsAppOptions>)TestTwilio.Valid,
            new CreateMessageOptions(new PhoneNumber("whatsapp:" + TestTwilio.Recipient)) { From = new PhoneNumber(TestTwilio.From), Body = "Your meal plan is ready!" })
            .SetName("Text");

        yield return new TestCaseData(
            new WhatsAppMessage(TestTwilio.Recipient, "Olá & 🍎 = +1 100%") { MediaUrls = [Media], StatusCallback = PerMessageCallback },
            (Action<TwilioWhatsAppOptions>)(o => { TestTwilio.Valid(o); o.StatusCallbackUrl = OptionsCallback; }),
            new CreateMessageOptions(new PhoneNumber("whatsapp:" + TestTwilio.Recipient))
            {
                From = new PhoneNumber(TestTwilio.From),
                Body = "Olá & 🍎 = +1 100%",
                MediaUrl = [Media],
                StatusCallback = PerMessageCallback,
            })
            .SetName("Media, caption with reserved and non-ASCII characters, per-message callback");

        yield return new TestCaseData(
            new WhatsAppMessage(TestTwilio.Recipient, "hi"),
            (Action<TwilioWhatsAppOptions>)(o =>
            {
                o.AccountSid = TestTwilio.AccountSid;
                o.ApiKeySid = TestTwilio.ApiKeySid;
                o.ApiKeySecret = TestTwilio.ApiKeySecret;
                o.MessagingServiceSid = TestTwilio.MessagingServiceSid;
                o.StatusCallbackUrl = OptionsCallback;
            }),
            new CreateMessageOptions(new PhoneNumber("whatsapp:" + TestTwilio.Recipient))
            {
                MessagingServiceSid = TestTwilio.MessagingServiceSid,
                Body = "hi",
                StatusCallback = OptionsCallback,
            })
            .SetName("Messaging service, API key, callback from options");

        yield return new TestCaseData(
            new WhatsAppMessage(TestTwilio.Recipient, null)
            {
                Template = new WhatsAppTemplate(TestTwilio.ContentSid, new Dictionary<string, string> { ["1"] = "Ada", ["2"] = "Tuesday \"7pm\" ☕" }),
            },
            (Action<TwilioWhatsAppOptions>)TestTwilio.Valid,
            new CreateMessageOptions(new PhoneNumber("whatsapp:" + TestTwilio.Recipient))
            {
                From = new PhoneNumber(TestTwilio.From),
                ContentSid = TestTwilio.ContentSid,
                ContentVariables = """{"1":"Ada","2":"Tuesday \u00227pm\u0022 \u2615"}""",
            })
            .SetName("Template with variables");

        yield return new TestCaseData(
            new WhatsAppMessage(TestTwilio.Recipient, null) { Template = new WhatsAppTemplate(TestTwilio.ContentSid) },
            (Action<TwilioWhatsAppOptions>)TestTwilio.Valid,
            new CreateMessageOptions(new PhoneNumber("whatsapp:" + TestTwilio.Recipient)) { From = new PhoneNumber(TestTwilio.From), ContentSid = TestTwilio.ContentSid })
            .SetName("Template without variables");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task The_request_is_the_one_MessageResource_CreateAsync_sends(WhatsAppMessage message, Action<TwilioWhatsAppOptions> configure, CreateMessageOptions sdkOptions)
    {
        var ours = new StubHttpHandler(_ => TestTwilio.Created());
        await using (var services = TestTwilio.Services(ours, configure))
        {
            await TestTwilio.Provider(services).SendAsync(message);
        }

        var options = new TwilioWhatsAppOptions();
        configure(options);
        var theirs = new StubHttpHandler(_ => TestTwilio.Created());
        using var http = new System.Net.Http.HttpClient(theirs);
        var useKey = options.ApiKeySid is not null;
        var sdk = new TwilioRestClient(useKey ? options.ApiKeySid : options.AccountSid, useKey ? options.ApiKeySecret : options.AuthToken, accountSid: options.AccountSid, httpClient: new SystemNetHttpClient(http)) { LogLevel = null };
        await MessageResource.CreateAsync(sdkOptions, sdk);

        var expected = theirs.Requests.Single();
        var actual = ours.Requests.Single();
        Assert.That(actual.Message.Method, Is.EqualTo(expected.Message.Method));
        Assert.That(actual.Message.RequestUri!.OriginalString, Is.EqualTo(expected.Message.RequestUri!.OriginalString));
        Assert.That(actual.BodyText, Is.EqualTo(expected.BodyText));
        Assert.That(actual.Body, Is.EqualTo(expected.Body));
        Assert.That(Headers(actual.Message), Is.EqualTo(Headers(expected.Message)));
    }

    private static List<string> Headers(HttpRequestMessage message) =>
        message.Headers.Concat(message.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .Select(h => h.Key + ": " + string.Join(", ", h.Value))
            .Order(StringComparer.Ordinal)
            .ToList();
}
