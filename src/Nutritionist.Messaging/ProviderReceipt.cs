namespace Nutritionist.Messaging;

/// <summary>What a provider returns when it accepts a message.</summary>
public sealed class ProviderReceipt
{
    /// <summary>Creates a receipt.</summary>
    /// <param name="messageId">The provider's id for the message (AWS <c>MessageId</c>, Twilio <c>SM…</c>/<c>MM…</c> SID).</param>
    public ProviderReceipt(string messageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        MessageId = messageId;
    }

    /// <summary>The provider's id for the message; delivery status updates carry the same id.</summary>
    public string MessageId { get; }

    /// <summary>The phone number, pool, sender id or WhatsApp sender that sent the message, when the provider says.</summary>
    public string? OriginationIdentity { get; init; }

    /// <summary>The provider's own status word at acceptance (Twilio <c>queued</c>, <c>accepted</c>), when it gives one.</summary>
    public string? ProviderStatus { get; init; }

    /// <summary>The number of message parts the provider will bill, when it says.</summary>
    public int? Segments { get; init; }
}
