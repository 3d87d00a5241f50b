using System.Text.Json;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// The JSON document SNS delivers to a subscribed SQS queue (or HTTP endpoint). Both spellings of the URL keys are read:
/// <c>SigningCertURL</c> (HTTP and SQS delivery) and <c>SigningCertUrl</c> (Lambda events); a JSON <c>null</c> counts as absent.
/// </summary>
internal sealed record SnsEnvelope
{
    public const string NotificationType = "Notification";
    public const string SubscriptionConfirmationType = "SubscriptionConfirmation";
    public const string UnsubscribeConfirmationType = "UnsubscribeConfirmation";

    public required string Type { get; init; }

    public string? MessageId { get; init; }

    public string? TopicArn { get; init; }

    public string? Subject { get; init; }

    public required string Message { get; init; }

    public string? Timestamp { get; init; }

    public string? SignatureVersion { get; init; }

    public string? Signature { get; init; }

    public string? SigningCertUrl { get; init; }

    public string? SubscribeUrl { get; init; }

    public string? Token { get; init; }

    public bool IsNotification => string.Equals(Type, NotificationType, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="root"/> looks like an SNS envelope (a string <c>Type</c> and a string <c>Message</c>).</summary>
    public static bool LooksLikeEnvelope(JsonElement root) =>
        root.TryGetProperty("Type", out var type) && type.ValueKind == JsonValueKind.String
        && root.TryGetProperty("Message", out var message) && message.ValueKind == JsonValueKind.String;

    /// <summary>Reads an envelope; <see langword="null"/> when a key has the wrong type or the type is not one SNS sends.</summary>
    public static SnsEnvelope? From(JsonElement root)
    {
        var type = Text(root, "Type");
        var message = Text(root, "Message");
        if (type is not (NotificationType or SubscriptionConfirmationType or UnsubscribeConfirmationType) || message is null)
        {
            return null;
        }

        return new SnsEnvelope
        {
            Type = type,
            Message = message,
            MessageId = Text(root, "MessageId"),
            TopicArn = Text(root, "TopicArn"),
            Subject = Text(root, "Subject"),
            Timestamp = Text(root, "Timestamp"),
            SignatureVersion = Text(root, "SignatureVersion"),
            Signature = Text(root, "Signature"),
            SigningCertUrl = Text(root, "SigningCertURL") ?? Text(root, "SigningCertUrl"),
            SubscribeUrl = Text(root, "SubscribeURL") ?? Text(root, "SubscribeUrl"),
            Token = Text(root, "Token"),
        };
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
