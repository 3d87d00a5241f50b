using System.Diagnostics.CodeAnalysis;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Twilio;

/// <summary>The result of <see cref="TwilioWebhookHandler.HandleAsync"/>; never an exception for a bad request.</summary>
public sealed class TwilioWebhookResult
{
    /// <summary>What the request was.</summary>
    public required TwilioWebhookOutcome Outcome { get; init; }

    /// <summary><see langword="true"/> for a correctly signed inbound message or status callback.</summary>
    public bool IsAccepted => Outcome is TwilioWebhookOutcome.InboundMessage or TwilioWebhookOutcome.StatusCallback;

    /// <summary><see langword="true"/> when the request failed the signature check (missing or wrong), so the host should answer 403.</summary>
    public bool IsForbidden => Outcome is TwilioWebhookOutcome.MissingSignature or TwilioWebhookOutcome.InvalidSignature;

    /// <summary>The inbound message, for <see cref="TwilioWebhookOutcome.InboundMessage"/>.</summary>
    public TwilioInboundMessage? InboundMessage { get; init; }

    /// <summary>The status callback, for <see cref="TwilioWebhookOutcome.StatusCallback"/>.</summary>
    public TwilioStatusCallback? StatusCallback { get; init; }

    /// <summary>
    /// What the inbound pipeline did with an accepted inbound message (keyword recognised, confirmation reply sent); set
    /// when the pipeline ran, <see langword="null"/> otherwise.
    /// </summary>
    public InboundResult? PipelineResult { get; init; }

    /// <summary>
    /// Whether an accepted status callback changed the tracked delivery status (<see langword="false"/> for a repeat or
    /// an out-of-order update); set by <see cref="TwilioWebhookHandler.HandleAsync"/>, <see langword="null"/> otherwise.
    /// </summary>
    public bool? DeliveryStatusChanged { get; init; }

    /// <summary>Why the request was refused, for the other outcomes.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Plain English name.")]
    public string? Error { get; init; }
}
