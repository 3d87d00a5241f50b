using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nutritionist.Messaging.Aws.Tests.Inbound;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Aws.Tests.Lambda;

/// <summary>Builds Lambda SQS and SNS events the way Lambda writes them.</summary>
internal static class LambdaEvents
{
    public const string QueueArn = "arn:aws:sqs:us-east-1:123456789012:sms-inbound";

    /// <summary>One SQS record as an event source mapping delivers it.</summary>
    public static JsonObject SqsRecord(string messageId, string? body, int receiveCount = 1, string queueArn = QueueArn) => new()
    {
        ["messageId"] = messageId,
        ["receiptHandle"] = "AQEB" + Convert.ToBase64String(Encoding.UTF8.GetBytes(messageId + receiveCount)),
        ["body"] = body,
        ["attributes"] = new JsonObject
        {
            ["ApproximateReceiveCount"] = receiveCount.ToString(CultureInfo.InvariantCulture),
            ["SentTimestamp"] = "1764072000000",
            ["SenderId"] = "AIDAEXAMPLESNSSENDER01",
            ["ApproximateFirstReceiveTimestamp"] = "1764072000012",
        },
        ["messageAttributes"] = new JsonObject(),
        ["md5OfBody"] = "00000000000000000000000000000000",
        ["eventSource"] = "aws:sqs",
        ["eventSourceARN"] = queueArn,
        ["awsRegion"] = "us-east-1",
    };

    public static byte[] Event(params JsonObject[] records) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["Records"] = new JsonArray([.. records]) }.ToJsonString());

    /// <summary>A Lambda SNS record: the envelope <paramref name="sns"/> signed as for SQS, with Lambda's key spellings.</summary>
    public static JsonObject SnsRecord(string envelopeJson)
    {
        var envelope = JsonNode.Parse(envelopeJson)!.AsObject();
        var sns = new JsonObject();
        foreach (var (key, value) in envelope)
        {
            var name = key switch
            {
                "SigningCertURL" => "SigningCertUrl",
                "UnsubscribeURL" => "UnsubscribeUrl",
                _ => key,
            };
            sns[name] = value?.DeepClone();
        }

        sns["Subject"] ??= null;
        sns["MessageAttributes"] = new JsonObject();
        return new JsonObject
        {
            ["EventVersion"] = "1.0",
            ["EventSubscriptionArn"] = TestSns.TopicArn + ":2f1c8e4d-7a6b-4c3d-9e8f-1a2b3c4d5e6f",
            ["EventSource"] = "aws:sns",
            ["Sns"] = sns,
        };
    }
}

/// <summary>A hand-written claim store: atomic per key, with switches for outages and a record of every call.</summary>
internal sealed class TestClaimStore : ISendClaimStore
{
    private readonly Dictionary<string, SendClaimState> _claims = new(StringComparer.Ordinal);

    public Func<string, Exception?>? FailClaim { get; set; }

    public ConcurrentQueue<string> Calls { get; } = new();

    public void Hold(string key)
    {
        lock (_claims)
        {
            _claims[key] = SendClaimState.InProgress;
        }
    }

    public SendClaimState? StateOf(string key)
    {
        lock (_claims)
        {
            return _claims.TryGetValue(key, out var state) ? state : null;
        }
    }

    public ValueTask<SendClaim> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("claim " + key);
        if (FailClaim?.Invoke(key) is { } failure)
        {
            return ValueTask.FromException<SendClaim>(failure);
        }

        lock (_claims)
        {
            if (_claims.TryGetValue(key, out var state))
            {
                return ValueTask.FromResult(state == SendClaimState.Completed ? new SendClaim(SendClaimState.Completed) : SendClaim.InProgress);
            }

            _claims[key] = SendClaimState.InProgress;
            return ValueTask.FromResult(SendClaim.Acquired);
        }
    }

    public ValueTask CompleteAsync(string key, SendResult? result, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("complete " + key);
        lock (_claims)
        {
            _claims[key] = SendClaimState.Completed;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("release " + key);
        lock (_claims)
        {
            _claims.Remove(key);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Records every delivery update and runs <see cref="OnUpdate"/>.</summary>
internal sealed class RecordingStatusHandler : IDeliveryStatusHandler
{
    public Func<DeliveryStatusUpdate, Task>? OnUpdate { get; set; }

    public ConcurrentQueue<DeliveryStatusUpdate> Received { get; } = new();

    public async Task HandleAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(update);
        if (OnUpdate is not null)
        {
            await OnUpdate(update);
        }
    }
}
