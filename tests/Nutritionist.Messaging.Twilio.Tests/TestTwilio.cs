using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Testing.Shared;
using Nutritionist.Messaging.Twilio.Internal;

namespace Nutritionist.Messaging.Twilio.Tests;

/// <summary>Test values and a DI container whose Twilio HTTP goes to a <see cref="StubHttpHandler"/>.</summary>
internal static class TestTwilio
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "auth-token-7f3c9b2e1d";
    public const string OtherAccountSid = "ACfedcba9876543210fedcba9876543210";
    public const string OtherAuthToken = "other-token-55aa33cc11";
    public const string ApiKeySid = "SK0123456789abcdef0123456789abcdef";
    public const string ApiKeySecret = "api-key-secret-9d8c7b";
    public const string From = "whatsapp:+14155238886";
    public const string MessagingServiceSid = "MG0123456789abcdef0123456789abcdef";
    public const string ContentSid = "HX0123456789abcdef0123456789abcdef";
    public const string MessageSid = "SM0123456789abcdef0123456789abcdef";
    public const string Recipient = "+14155552671";

    public static void Valid(TwilioWhatsAppOptions o)
    {
        o.AccountSid = AccountSid;
        o.AuthToken = AuthToken;
        o.From = From;
    }

    /// <summary>A container with the core, the Twilio provider, no environment variables, and the stub as primary handler.</summary>
    public static ServiceProvider Services(HttpMessageHandler stub, Action<TwilioWhatsAppOptions>? configure = null, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddTwilioWhatsApp(configure ?? Valid);
        services.Replace(ServiceDescriptor.Singleton<TwilioEnvironment>(new FakeEnvironment()));
        services.AddHttpClient(TwilioHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static IWhatsAppProvider Provider(ServiceProvider services) => services.GetRequiredService<IWhatsAppProvider>();

    /// <summary>A Message resource as Twilio returns it from CreateMessage (shape of the spec's <c>create</c> example).</summary>
    public static string MessageJson(string sid = MessageSid, string to = "whatsapp:" + Recipient, string? from = From, string status = "queued") => $$"""
        {
          "account_sid": "{{AccountSid}}",
          "api_version": "2010-04-01",
          "body": "Your meal plan is ready!",
          "date_created": "Thu, 24 Aug 2023 05:01:45 +0000",
          "date_sent": null,
          "date_updated": "Thu, 24 Aug 2023 05:01:45 +0000",
          "direction": "outbound-api",
          "error_code": null,
          "error_message": null,
          "from": {{(from is null ? "null" : "\"" + from + "\"")}},
          "num_media": "0",
          "num_segments": "1",
          "price": null,
          "price_unit": null,
          "messaging_service_sid": null,
          "sid": "{{sid}}",
          "status": "{{status}}",
          "subresource_uris": { "media": "/2010-04-01/Accounts/{{AccountSid}}/Messages/{{sid}}/Media.json" },
          "to": "{{to}}",
          "uri": "/2010-04-01/Accounts/{{AccountSid}}/Messages/{{sid}}.json"
        }
        """;

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Created() => Json(HttpStatusCode.Created, MessageJson());

    /// <summary>Twilio's error document: <c>{"code","message","more_info","status"}</c>.</summary>
    public static HttpResponseMessage Error(int code, int status, string message) => Json((HttpStatusCode)status, $$"""
        {"code": {{code}}, "message": "{{message}}", "more_info": "https://www.twilio.com/docs/errors/{{code}}", "status": {{status}}}
        """);

    /// <summary>The form body, decoded, in order.</summary>
    public static List<KeyValuePair<string, string>> Form(RecordedRequest request) =>
        request.BodyText.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string>(Decode(kv[0]), kv.Length > 1 ? Decode(kv[1]) : string.Empty))
            .ToList();

    public static string BasicAuth(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    internal sealed class FakeEnvironment(Dictionary<string, string>? values = null) : TwilioEnvironment
    {
        public override string? Get(string name) => values is not null && values.TryGetValue(name, out var v) ? v : null;
    }
}
