namespace Nutritionist.Messaging;

/// <summary>The kinds of media a WhatsApp message can carry by link.</summary>
public enum WhatsAppMediaKind
{
    /// <summary>A picture (JPEG, PNG); the message body becomes its caption.</summary>
    Image = 0,

    /// <summary>A video (MP4, 3GPP); the message body becomes its caption.</summary>
    Video = 1,

    /// <summary>A sound file (AAC, AMR, MP3, M4A, OGG/Opus); WhatsApp shows no caption beside it.</summary>
    Audio = 2,

    /// <summary>A file (PDF, office documents, text); the message body becomes its caption and the URL's last segment its file name.</summary>
    Document = 3,
}
