using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Meta;

/// <summary>The outcome of one webhook request, and the HTTP answer the host should give.</summary>
public sealed class MetaWebhookResult
{
    /// <summary>What happened.</summary>
    public required MetaWebhookOutcome Outcome { get; init; }

    /// <summary>
    /// The HTTP status to answer: 200 for <see cref="MetaWebhookOutcome.Verified"/> and <see cref="MetaWebhookOutcome.Accepted"/>,
    /// 403 for a failed handshake or a missing or forged signature, 400 for <see cref="MetaWebhookOutcome.Malformed"/>, 500
    /// for <see cref="MetaWebhookOutcome.NotConfigured"/>.
    /// </summary>
    public int StatusCode => Outcome switch
    {
        MetaWebhookOutcome.Verified or MetaWebhookOutcome.Accepted => 200,
        MetaWebhookOutcome.VerificationFailed or MetaWebhookOutcome.MissingSignature or MetaWebhookOutcome.InvalidSignature => 403,
        MetaWebhookOutcome.Malformed => 400,
        _ => 500,
    };

    /// <summary>The text to answer with (<c>text/plain</c>): the challenge for <see cref="MetaWebhookOutcome.Verified"/>, else <see langword="null"/>.</summary>
    public string? Body { get; init; }

    /// <summary>Why the request was refused, for logs and the host's own diagnostics; <see langword="null"/> when accepted.</summary>
    public string? Error { get; init; }

    /// <summary>Whether the request was accepted (<see cref="MetaWebhookOutcome.Verified"/> or <see cref="MetaWebhookOutcome.Accepted"/>).</summary>
    public bool IsAccepted => Outcome is MetaWebhookOutcome.Verified or MetaWebhookOutcome.Accepted;

    /// <summary>The inbound messages the notification carried, as handed to the pipeline, in order.</summary>
    public IReadOnlyList<InboundMessage> Messages { get; init; } = [];

    /// <summary>What the pipeline did with each of <see cref="Messages"/>, in the same order.</summary>
    public IReadOnlyList<InboundResult> MessageResults { get; init; } = [];

    /// <summary>The delivery status updates the notification carried, as handed to the pipeline, in order.</summary>
    public IReadOnlyList<DeliveryStatusUpdate> Statuses { get; init; } = [];
}
