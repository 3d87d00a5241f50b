using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.Aws.Lambda;

/// <summary>The parts of a Lambda SQS event the entry point reads (camelCase keys, as Lambda writes them).</summary>
internal sealed class SqsEventModel
{
    [JsonPropertyName("Records")]
    public List<SqsRecordModel?>? Records { get; set; }
}

internal sealed class SqsRecordModel
{
    [JsonPropertyName("messageId")]
    public string? MessageId { get; set; }

    [JsonPropertyName("body")]
    public string? Body { get; set; }

    [JsonPropertyName("attributes")]
    public SqsRecordAttributesModel? Attributes { get; set; }

    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; set; }
}

internal sealed class SqsRecordAttributesModel
{
    [JsonPropertyName("ApproximateReceiveCount")]
    public string? ApproximateReceiveCount { get; set; }

    [JsonPropertyName("SentTimestamp")]
    public string? SentTimestamp { get; set; }
}

/// <summary>The parts of a Lambda SNS event the entry point reads.</summary>
internal sealed class SnsEventModel
{
    [JsonPropertyName("Records")]
    public List<SnsRecordModel?>? Records { get; set; }
}

internal sealed class SnsRecordModel
{
    [JsonPropertyName("EventSubscriptionArn")]
    public string? EventSubscriptionArn { get; set; }

    [JsonPropertyName("Sns")]
    public SnsMessageModel? Sns { get; set; }
}

/// <summary>The <c>Sns</c> object: the envelope's keys, with <c>SigningCertUrl</c> and <c>UnsubscribeUrl</c> spelled as Lambda spells them.</summary>
internal sealed class SnsMessageModel
{
    public string? Type { get; set; }

    public string? MessageId { get; set; }

    public string? TopicArn { get; set; }

    public string? Subject { get; set; }

    public string? Message { get; set; }

    public string? Timestamp { get; set; }

    public string? SignatureVersion { get; set; }

    public string? Signature { get; set; }

    public string? SigningCertUrl { get; set; }

    /// <summary>The HTTP/SQS spelling, read too in case a caller hands over an envelope as it is.</summary>
    [JsonPropertyName("SigningCertURL")]
    public string? SigningCertUrlUpper { get; set; }

    public string? UnsubscribeUrl { get; set; }
}

/// <summary>Source-generated (reflection-free, trimming- and AOT-safe) metadata of the Lambda event models.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata, MaxDepth = 16)]
[JsonSerializable(typeof(SqsEventModel))]
[JsonSerializable(typeof(SnsEventModel))]
internal sealed partial class LambdaEventJsonContext : JsonSerializerContext;
