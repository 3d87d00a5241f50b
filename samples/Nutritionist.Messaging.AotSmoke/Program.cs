using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Sandbox;
using Nutritionist.Messaging.Testing;
using Nutritionist.Messaging.Twilio;

// One provider path per run, through the in-process sandbox: exit 0 only when the send is Accepted with a message id
// (under Native AOT a lost receipt shows as Unknown, a lost option as a refusal), 1 otherwise, 2 on misuse.
const string Customer = "+14155550123";
string[] paths = ["sms", "twilio", "meta", "aws-whatsapp", "fakes", "stores", "webhooks"];
if (args.Length != 1 || Array.IndexOf(paths, args[0]) < 0)
{
    await Console.Error.WriteLineAsync($"usage: Nutritionist.Messaging.AotSmoke <{string.Join(" | ", paths)}>");
    return 2;
}

var path = args[0];
if (path == "webhooks")
{
    return await WebhooksAsync();
}

var services = new ServiceCollection();
services.AddLogging();
var builder = services.AddNutritionistMessaging(o => o.DefaultRegion = "US");
SandboxProvider? whatsApp = null;
switch (path)
{
    case "sms":
        builder.AddAwsSms();
        break;
    case "twilio":
        builder.AddTwilioWhatsApp();
        whatsApp = SandboxProvider.Twilio;
        break;
    case "meta":
        builder.AddMetaWhatsApp();
        whatsApp = SandboxProvider.Meta;
        break;
    case "aws-whatsapp":
        builder.AddAwsWhatsApp();
        whatsApp = SandboxProvider.AwsWhatsApp;
        break;
    case "fakes":
        services.AddNutritionistMessagingFakes();
        break;
    case "stores":
        // Registered and resolved as options only (no server is contacted): the stores' registration code is linked and checked.
        builder.AddAwsSms()
            .UseRedisStores(o => o.ConnectionString = "localhost:6379,abortConnect=false")
            .UseDynamoDbStores(o => o.TableName = "aot-smoke");
        break;
}

if (path != "fakes")
{
    builder.UseSandbox();
}

await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
if (path == "stores")
{
    Console.WriteLine("stores: registered");
    return 0;
}

var platform = MessagingPlatform.Sms;
if (whatsApp is { } sandboxProvider)
{
    // A WhatsApp session message needs the person to have written in the last 24 hours.
    platform = MessagingPlatform.WhatsApp;
    await provider.GetRequiredService<SandboxState>().InjectInboundAsync(sandboxProvider, Customer, "Hi coach");
}

var result = await provider.GetRequiredService<IMessagingClient>().SendAsync(platform, Customer, "Your meal plan is ready!");
Console.WriteLine($"{path}: {result.Status} {result.MessageId} {result.Error?.Code} {result.Error?.Message}");
if (result.Status != SendStatus.Accepted || string.IsNullOrEmpty(result.MessageId))
{
    return 1;
}

return path == "twilio" ? await TwilioAnswersAsync(provider) : 0;

// Twilio's other answers, each read with source-generated JSON: a refusal's error document (21610, the sandbox's
// unsubscribed recipient) must classify as OptedOut, and the template catalog and business profile must read back.
static async Task<int> TwilioAnswersAsync(IServiceProvider provider)
{
    const string Unsubscribed = "+14155550124";
    var sandbox = provider.GetRequiredService<SandboxState>();
    await sandbox.InjectInboundAsync(SandboxProvider.Twilio, Unsubscribed, "Hi coach");
    sandbox.OptOut(SandboxProvider.Twilio, Unsubscribed);
    var refused = (await provider.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.WhatsApp, Unsubscribed, "Your meal plan is ready!")).Error;
    var templates = await provider.GetRequiredService<IWhatsAppTemplateCatalog>().ListAsync();
    var profile = await provider.GetRequiredService<IWhatsAppBusinessProfile>().GetAsync();
    Console.WriteLine($"twilio: refused {refused?.Code} {refused?.ProviderCode}; {templates.Count} templates; profile {profile.SenderSid} {profile.DisplayName}");
    return refused is { Code: MessagingErrorCode.OptedOut, ProviderCode: "21610" } && templates.Count > 0 && !string.IsNullOrEmpty(profile.SenderSid) ? 0 : 1;
}

// The AspNetCore package's Meta and Twilio endpoints on Kestrel (loopback): Meta's verification handshake, then a
// notification the sandbox wrote as Meta's webhook body, signed with the app secret, must be answered 200; a Twilio
// inbound form signed with the auth token 200, the same form with a wrong signature 403.
static async Task<int> WebhooksAsync()
{
    const string AppSecret = "aot-smoke-app-secret";
    const string VerifyToken = "aot-smoke-verify-token";
    var web = WebApplication.CreateSlimBuilder();
    web.Logging.ClearProviders();
    web.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    web.Services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
        .AddMetaWhatsApp(o => (o.AppSecret, o.VerifyToken) = (AppSecret, VerifyToken))
        .AddTwilioWhatsApp()
        .UseSandbox();
    await using var app = web.Build();
    app.MapMetaWhatsAppWebhooks();
    app.MapTwilioWebhooks();
    await app.StartAsync();
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    var endpoint = new Uri(address.TrimEnd('/') + "/webhooks/meta");
    using var http = new HttpClient();

    var challenge = await http.GetStringAsync(new Uri($"{endpoint}?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=4242"));

    var state = app.Services.GetRequiredService<SandboxState>();
    await state.InjectInboundAsync(SandboxProvider.Meta, "+14155550123", "Hi coach");
    var payload = state.InboundMessages[0].Payload;
    var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppSecret), Encoding.UTF8.GetBytes(payload)));
    using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
    request.Headers.Add("X-Hub-Signature-256", signature);
    using var response = await http.SendAsync(request);

    // Twilio's inbound webhook: a form signed with the account's auth token over the URL and the sorted fields.
    var twilio = app.Services.GetRequiredService<IOptions<TwilioWhatsAppOptions>>().Value;
    var twilioEndpoint = address.TrimEnd('/') + "/webhooks/twilio/inbound";
    var form = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["AccountSid"] = twilio.AccountSid!,
        ["Body"] = "Hi coach",
        ["From"] = "whatsapp:+14155550123",
        ["MessageSid"] = "SM0123456789abcdef0123456789abcdef",
        ["NumMedia"] = "0",
        ["To"] = twilio.From!,
    };
    var signed = twilioEndpoint + string.Concat(form.Select(f => f.Key + f.Value));
    using var twilioRequest = new HttpRequestMessage(HttpMethod.Post, twilioEndpoint) { Content = new FormUrlEncodedContent(form) };
    twilioRequest.Headers.Add("X-Twilio-Signature", Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(twilio.AuthToken!), Encoding.UTF8.GetBytes(signed))));
    using var twilioResponse = await http.SendAsync(twilioRequest);
    using var forgedRequest = new HttpRequestMessage(HttpMethod.Post, twilioEndpoint) { Content = new FormUrlEncodedContent(form) };
    forgedRequest.Headers.Add("X-Twilio-Signature", Convert.ToBase64String(new byte[20]));
    using var forgedResponse = await http.SendAsync(forgedRequest);

    Console.WriteLine($"webhooks: challenge {challenge}, notification {(int)response.StatusCode}, twilio {(int)twilioResponse.StatusCode}, forged twilio {(int)forgedResponse.StatusCode}");
    await app.StopAsync();
    return challenge == "4242" && response.StatusCode == HttpStatusCode.OK && twilioResponse.StatusCode == HttpStatusCode.OK
        && forgedResponse.StatusCode == HttpStatusCode.Forbidden ? 0 : 1;
}
