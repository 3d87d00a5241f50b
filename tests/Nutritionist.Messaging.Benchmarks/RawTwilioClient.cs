using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// The WhatsApp physical limit: a raw <see cref="HttpClient"/> POST of the Messages API form (<c>To</c>, <c>From</c>,
/// <c>Body</c>) with HTTP Basic authentication (Twilio's "signing"), reading the <c>sid</c> with System.Text.Json source
/// generation. Same handler type and settings as <see cref="TwilioSdkClient"/>.
/// </summary>
internal sealed class RawTwilioClient : IDisposable
{
    private static readonly AuthenticationHeaderValue Basic = new(
        "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(LoopbackServer.TwilioAccountSid + ":" + LoopbackServer.TwilioAuthToken)));

    private readonly HttpClient _http;
    private readonly Uri _messages;

    public RawTwilioClient(Uri server, HttpMessageHandler? primaryHandler = null)
    {
        _http = new HttpClient(primaryHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        _messages = new Uri(server, $"2010-04-01/Accounts/{LoopbackServer.TwilioAccountSid}/Messages.json");
    }

    public async Task<string> SendAsync(string to)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _messages)
        {
            Content = new FormUrlEncodedContent([new("To", "whatsapp:" + to), new("From", LoopbackServer.TwilioFrom), new("Body", Workload.Body)]),
        };
        message.Headers.Authorization = Basic;
        using var response = await _http.SendAsync(message);
        response.EnsureSuccessStatusCode();
        var content = await response.Content.ReadAsByteArrayAsync();
        return JsonSerializer.Deserialize(content, RawTwilioJsonContext.Default.RawTwilioMessage)?.Sid ?? throw new InvalidOperationException("No SID in the answer.");
    }

    public void Dispose() => _http.Dispose();
}

internal sealed class RawTwilioMessage
{
    [JsonPropertyName("sid")]
    public string? Sid { get; init; }
}

[JsonSerializable(typeof(RawTwilioMessage))]
internal sealed partial class RawTwilioJsonContext : JsonSerializerContext;
