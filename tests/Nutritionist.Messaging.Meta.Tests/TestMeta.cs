using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nutritionist.Messaging.Meta.Internal;

namespace Nutritionist.Messaging.Meta.Tests;

/// <summary>Test values and a DI container whose Cloud API calls go to a stub handler.</summary>
internal static class TestMeta
{
    public const string Token = "EAAG-test-token-5f1e";
    public const string PhoneNumberId = "106540352242922";
    public const string AppSecret = "app-secret-3c8d1f";
    public const string VerifyToken = "verify-me-0a9b";
    public const string Recipient = "+14155552671";
    public const string MessageId = "wamid.HBgLMTQxNTU1NTI2NzEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";
    public const string MessagesPath = "/v23.0/" + PhoneNumberId + "/messages";

    public static void Valid(MetaWhatsAppOptions o)
    {
        o.AccessToken = Token;
        o.PhoneNumberId = PhoneNumberId;
        o.AppSecret = AppSecret;
        o.VerifyToken = VerifyToken;
    }

    /// <summary>A container with the core, the Meta provider, no environment variables, and the stub as primary handler.</summary>
    public static ServiceProvider Services(HttpMessageHandler stub, Action<MetaWhatsAppOptions>? configure = null, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US").AddMetaWhatsApp(configure ?? Valid);
        services.Replace(ServiceDescriptor.Singleton<MetaEnvironment>(new FakeEnvironment()));
        services.AddHttpClient(MetaHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>The send answer, as in the spec's response example.</summary>
    public static HttpResponseMessage Accepted(string id = MessageId) => Json(HttpStatusCode.OK, $$"""
        {"messaging_product":"whatsapp","contacts":[{"input":"{{Recipient}}","wa_id":"14155552671"}],"messages":[{"id":"{{id}}","message_status":"accepted"}]}
        """);

    /// <summary>Meta's Graph API error document.</summary>
    public static HttpResponseMessage Error(int status, int code, string message, int? subcode = null, string? details = null, string trace = "AbCdEfGh123")
    {
        var sub = subcode is null ? string.Empty : $",\"error_subcode\":{subcode}";
        return Json((HttpStatusCode)status, $$$"""
            {"error":{"message":"{{{message}}}","type":"OAuthException","code":{{{code}}}{{{sub}}},"error_data":{"messaging_product":"whatsapp","details":"{{{details ?? message}}}"},"fbtrace_id":"{{{trace}}}"}}
            """);
    }

    /// <summary>The <c>X-Hub-Signature-256</c> value Meta would send for <paramref name="body"/>.</summary>
    public static string Sign(byte[] body, string secret = AppSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public sealed class FakeEnvironment(Dictionary<string, string>? values = null) : MetaEnvironment
    {
        public override string? Get(string name) => values is not null && values.TryGetValue(name, out var value) ? value : null;
    }
}
