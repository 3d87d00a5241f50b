using System.Net;
using System.Text;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>One HTTP response of the emulator, turned into an <see cref="HttpResponseMessage"/> or written to Kestrel.</summary>
internal sealed class SandboxResponse
{
    public required int StatusCode { get; init; }

    public required string ContentType { get; init; }

    public required byte[] Body { get; init; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public static SandboxResponse Json(int statusCode, string json, string contentType = "application/json") => new()
    {
        StatusCode = statusCode,
        ContentType = contentType,
        Body = Encoding.UTF8.GetBytes(json),
    };

    public SandboxResponse WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }

    public HttpResponseMessage ToMessage(HttpRequestMessage request)
    {
        var response = new HttpResponseMessage((HttpStatusCode)StatusCode)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(Body),
        };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        foreach (var (name, value) in Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }
}
