namespace Nutritionist.Messaging.Internal;

/// <summary>Checks a message's content before any provider is called.</summary>
internal static class MessageValidator
{
    /// <summary>The body limit both APIs enforce (AWS <c>MessageBody</c> max 1600; Twilio <c>Body</c> max 1600).</summary>
    public const int MaxBodyLength = 1600;

    public static string? Validate(OutboundMessage message, MessagingPlatform platform)
    {
        var hasBody = !string.IsNullOrWhiteSpace(message.Body);
        var media = message.MediaUrls ?? [];
        var hasMediaId = !string.IsNullOrWhiteSpace(message.MediaId);
        if (message.MediaId is not null)
        {
            if (!hasMediaId)
            {
                return "MediaId is empty or white space; set the id of uploaded media, or leave it null.";
            }

            if (platform != MessagingPlatform.WhatsApp)
            {
                return $"MediaId names media uploaded to WhatsApp; it cannot be sent on {platform}. Use MediaUrls instead.";
            }

            if (media.Count > 0)
            {
                return "A message carries media by MediaId or by MediaUrls, not both.";
            }

            if (message.MediaKind is null)
            {
                return "A message with MediaId needs MediaKind: the kind of uploaded media cannot be told from its id.";
            }
        }

        if (message.Interactive is { } interactive)
        {
            if (platform != MessagingPlatform.WhatsApp)
            {
                return $"An interactive message (reply buttons or a list) cannot be sent on {platform}; send a Body instead, or send on WhatsApp.";
            }

            if (message.Body is not null || media.Count > 0 || message.MediaId is not null || message.Template is not null)
            {
                return "An interactive message cannot also carry Body, MediaUrls, MediaId or Template: its text is Interactive.Body.";
            }

            return interactive.Problem();
        }

        if (!hasBody && media.Count == 0 && !hasMediaId && message.Template is null)
        {
            return message.Body is { Length: > 0 }
                ? "The message body is only white space; set Body, MediaUrls, Template or Interactive."
                : "The message has no content; set Body, MediaUrls, Template or Interactive.";
        }

        if (message.Body is { Length: > MaxBodyLength } body)
        {
            return $"The message body is {body.Length} characters; the limit is {MaxBodyLength}.";
        }

        for (var i = 0; i < media.Count; i++)
        {
            var url = media[i];
            if (url is null)
            {
                return $"MediaUrls[{i}] is null.";
            }

            if (!url.IsAbsoluteUri)
            {
                return $"MediaUrls[{i}] ('{url.OriginalString}') is not an absolute URL.";
            }
        }

        if (message.Template is { } template)
        {
            if (platform != MessagingPlatform.WhatsApp)
            {
                return $"A WhatsApp template cannot be sent on {platform}; send a Body instead, or send on WhatsApp.";
            }

            if (message.Body is not null || media.Count > 0 || message.MediaId is not null)
            {
                return "A template message cannot also carry Body, MediaUrls or MediaId: the template's content is sent alone.";
            }

            // Which of the shapes the configured provider takes is its own check (Twilio resolves names, Meta refuses SIDs).
            if (template.Problem() is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}
