using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Aws;
using Nutritionist.Messaging.Sandbox.Internal;
using Nutritionist.Messaging.Twilio;

namespace Nutritionist.Messaging.Sandbox.Tests;

/// <summary>Builds hosts that send through the sandbox, and raw requests for the error-shape tests.</summary>
internal static class Harness
{
    public const string Customer = "+14155550123";

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Both providers, in process, on the sandbox.</summary>
    public static ServiceProvider InProcess(FakeTimeProvider clock, Action<SandboxOptions>? sandbox = null, Action<MessagingOptions>? messaging = null, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddNutritionistMessaging(o =>
            {
                o.DefaultRegion = "US";
                messaging?.Invoke(o);
            })
            .AddAwsSms()
            .AddTwilioWhatsApp()
            .UseSandbox(sandbox ?? (static _ => { }));
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Both providers pointed at a loopback server (no UseSandbox: the providers really go over HTTP).</summary>
    public static ServiceProvider OverLoopback(SandboxServer server, TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddAwsSms(o =>
            {
                o.ServiceUrl = server.BaseAddress;
                o.Region = SandboxOptions.DefaultAwsRegion;
                o.AccessKeyId = SandboxOptions.DefaultAwsAccessKeyId;
                o.SecretAccessKey = SandboxOptions.DefaultAwsSecretAccessKey;
            })
            .AddTwilioWhatsApp(o =>
            {
                o.ApiBaseUrl = server.BaseAddress;
                o.AccountSid = SandboxOptions.DefaultTwilioAccountSid;
                o.AuthToken = SandboxOptions.DefaultTwilioAuthToken;
                o.From = SandboxOptions.DefaultWhatsAppFrom;
            });
        return services.BuildServiceProvider();
    }

    /// <summary>A SigV4-signed AWS request, signed with the sandbox's own verifier's algorithm.</summary>
    public static HttpRequestMessage Aws(Uri baseAddress, string operation, string json, DateTimeOffset now, string accessKey = SandboxOptions.DefaultAwsAccessKeyId, string secret = SandboxOptions.DefaultAwsSecretAccessKey)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var message = new HttpRequestMessage(HttpMethod.Post, baseAddress) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "PinpointSMSVoiceV2." + operation);
        message.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var signed = new[] { "content-type", "host", "x-amz-date", "x-amz-target" };
        var request = new SandboxRequest
        {
            Method = "POST",
            Path = baseAddress.AbsolutePath,
            Host = baseAddress.Authority,
            Headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
            {
                ["content-type"] = ["application/x-amz-json-1.0"],
                ["host"] = [baseAddress.Authority],
                ["x-amz-date"] = [amzDate],
                ["x-amz-target"] = ["PinpointSMSVoiceV2." + operation],
            },
            Body = body,
        };
        var authorization = new SigV4Verifier.Authorization(accessKey, amzDate[..8], "us-east-1", "sms-voice", signed, string.Empty);
        var signature = SigV4Verifier.ExpectedSignature(request, authorization, amzDate, secret);
        message.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{amzDate[..8]}/us-east-1/sms-voice/aws4_request, SignedHeaders={string.Join(';', signed)}, Signature={signature}");
        return message;
    }

    /// <summary>A Twilio Messages create request with Basic auth.</summary>
    public static HttpRequestMessage TwilioSend(Uri baseAddress, IEnumerable<KeyValuePair<string, string>> form, string accountSid = SandboxOptions.DefaultTwilioAccountSid, string token = SandboxOptions.DefaultTwilioAuthToken)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, $"/2010-04-01/Accounts/{accountSid}/Messages.json"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accountSid}:{token}")));
        return message;
    }

    /// <summary>One WhatsApp provider (Meta or AWS End User Messaging Social), in process, on the sandbox, with nothing configured.</summary>
    public static ServiceProvider WhatsAppInProcess(SandboxProvider provider, FakeTimeProvider clock, Action<SandboxOptions>? sandbox = null, Action<MessagingOptions>? messaging = null, Action<IMessagingBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        var builder = services.AddNutritionistMessaging(o =>
        {
            o.DefaultRegion = "US";
            messaging?.Invoke(o);
        });
        if (configure is not null)
        {
            configure(builder);
        }
        else if (provider == SandboxProvider.Meta)
        {
            builder.AddMetaWhatsApp();
        }
        else
        {
            builder.AddAwsWhatsApp();
        }

        builder.UseSandbox(sandbox ?? (static _ => { }));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>A Cloud API send to the sandbox's Meta API, with a Bearer token.</summary>
    public static HttpRequestMessage MetaSend(Uri baseAddress, string json, string? token = SandboxOptions.DefaultMetaAccessToken, string phoneNumberId = SandboxOptions.DefaultMetaPhoneNumberId)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, $"/v23.0/{phoneNumberId}/messages")) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return message;
    }

    /// <summary>A SigV4-signed <c>SendWhatsAppMessage</c> (restJson1) for <paramref name="signingName"/>.</summary>
    public static HttpRequestMessage AwsWhatsAppSend(Uri baseAddress, string json, DateTimeOffset now, string signingName = "social-messaging")
    {
        var body = Encoding.UTF8.GetBytes(json);
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var uri = new Uri(baseAddress, "/v1/whatsapp/send");
        var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var signed = new[] { "content-type", "host", "x-amz-date" };
        var request = new SandboxRequest
        {
            Method = "POST",
            Path = uri.AbsolutePath,
            Host = baseAddress.Authority,
            Headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
            {
                ["content-type"] = ["application/json"],
                ["host"] = [baseAddress.Authority],
                ["x-amz-date"] = [amzDate],
            },
            Body = body,
        };
        var authorization = new SigV4Verifier.Authorization(SandboxOptions.DefaultAwsAccessKeyId, amzDate[..8], "us-east-1", signingName, signed, string.Empty);
        var signature = SigV4Verifier.ExpectedSignature(request, authorization, amzDate, SandboxOptions.DefaultAwsSecretAccessKey);
        message.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={SandboxOptions.DefaultAwsAccessKeyId}/{amzDate[..8]}/us-east-1/{signingName}/aws4_request, SignedHeaders={string.Join(';', signed)}, Signature={signature}");
        return message;
    }
}
