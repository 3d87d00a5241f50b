namespace Nutritionist.Messaging;

/// <summary>A pre-approved WhatsApp content template (Twilio Content API) and the values for its variables.</summary>
public sealed class WhatsAppTemplate
{
    /// <summary>Creates a template reference.</summary>
    /// <param name="contentSid">The Content SID: <c>HX</c> followed by 32 hexadecimal characters.</param>
    /// <param name="variables">Values for the template's numbered or named variables (<c>{"1": "Ada"}</c>).</param>
    public WhatsAppTemplate(string contentSid, IReadOnlyDictionary<string, string>? variables = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentSid);
        ContentSid = contentSid;
        Variables = variables ?? new Dictionary<string, string>();
    }

    /// <summary>The Content SID (<c>HX…</c>).</summary>
    public string ContentSid { get; }

    /// <summary>Values for the template's variables, keyed by variable name (<c>"1"</c>, <c>"2"</c>, …).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>
    /// The text to send instead when the message falls back to SMS. Without it, a template message does not fall back.
    /// </summary>
    public string? SmsFallbackText { get; init; }

    /// <summary>Whether <paramref name="contentSid"/> has the shape of a Content SID: <c>HX</c> and 32 hexadecimal characters.</summary>
    /// <param name="contentSid">The value to check.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public static bool IsValidContentSid(string? contentSid)
    {
        if (contentSid is null || contentSid.Length != 34 || !contentSid.StartsWith("HX", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in contentSid.AsSpan(2))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
