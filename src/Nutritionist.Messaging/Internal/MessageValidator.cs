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
        if (message.Interactive is { } interactive)
        {
            if (platform != MessagingPlatform.WhatsApp)
            {
                return $"An interactive message (reply buttons or a list) cannot be sent on {platform}; send a Body instead, or send on WhatsApp.";
            }

            if (message.Body is not null || media.Count > 0 || message.Template is not null)
            {
                return "An interactive message cannot also carry Body, MediaUrls or Template: its text is Interactive.Body.";
            }

            return interactive.Problem();
        }

        if (!hasBody && media.Count == 0 && message.Template is null)
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

            if (message.Body is not null || media.Count > 0)
            {
                return "A template message cannot also carry Body or MediaUrls: the template's content is sent alone.";
            }

            // Which of the two shapes the configured provider takes is its own check (Twilio refuses names, Meta SIDs).
            if (!WhatsAppTemplate.IsValidContentSid(template.ContentSid) && !CloudApi.CloudApiMessageWriter.IsTemplateReference(template.ContentSid))
            {
                return $"Template.ContentSid '{template.ContentSid}' is not a Content SID (HX followed by 32 hexadecimal characters) nor a Cloud API template reference ('template_name' or 'template_name:language_code').";
            }
        }

        return null;
    }
}
