using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.Twilio.Lambda;

/// <summary>The parts of an API Gateway HTTP API / Lambda Function URL event (payload format 2.0) the processor reads.</summary>
internal sealed class HttpApiEventModel
{
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("rawPath")]
    public string? RawPath { get; set; }

    [JsonPropertyName("rawQueryString")]
    public string? RawQueryString { get; set; }

    /// <summary>Lower-case names; repeated headers arrive joined with commas.</summary>
    [JsonPropertyName("headers")]
    public Dictionary<string, string>? Headers { get; set; }

    [JsonPropertyName("requestContext")]
    public HttpApiRequestContextModel? RequestContext { get; set; }

    [JsonPropertyName("body")]
    public string? Body { get; set; }

    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; set; }
}

internal sealed class HttpApiRequestContextModel
{
    [JsonPropertyName("domainName")]
    public string? DomainName { get; set; }

    [JsonPropertyName("http")]
    public HttpApiHttpModel? Http { get; set; }
}

internal sealed class HttpApiHttpModel
{
    [JsonPropertyName("method")]
    public string? Method { get; set; }
}

/// <summary>Source-generated (reflection-free) metadata of the event model.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata, MaxDepth = 16)]
[JsonSerializable(typeof(HttpApiEventModel))]
internal sealed partial class HttpApiEventJsonContext : JsonSerializerContext;
