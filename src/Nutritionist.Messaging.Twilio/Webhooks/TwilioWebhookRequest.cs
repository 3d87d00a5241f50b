namespace Nutritionist.Messaging.Twilio;

/// <summary>What a host received on its Twilio webhook endpoint, handed to <see cref="TwilioWebhookHandler.HandleAsync"/>.</summary>
public sealed class TwilioWebhookRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="url">The full URL the host received, with its query (scheme, host, port, path and query as received).</param>
    /// <param name="form">The form-encoded POST parameters; repeated keys allowed.</param>
    /// <param name="signature">The <c>X-Twilio-Signature</c> header, or <see langword="null"/> when it is missing.</param>
    public TwilioWebhookRequest(string url, IEnumerable<KeyValuePair<string, string>> form, string? signature)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentNullException.ThrowIfNull(form);
        Url = url;
        Form = [.. form];
        Signature = signature;
    }

    /// <summary>The full URL the host received.</summary>
    public string Url { get; }

    /// <summary>The form-encoded POST parameters.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form { get; }

    /// <summary>The <c>X-Twilio-Signature</c> header.</summary>
    public string? Signature { get; }

    /// <summary>The raw body, when the request was <c>application/json</c> (its hash travels in the <c>bodySHA256</c> query parameter).</summary>
    public string? JsonBody { get; init; }
}
