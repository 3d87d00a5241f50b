namespace Nutritionist.Messaging;

/// <summary>What a <see cref="WhatsAppTemplateParameter"/> holds.</summary>
public enum WhatsAppTemplateParameterKind
{
    /// <summary>Text, positional (<c>{{1}}</c>) or named (<c>{{first_name}}</c>).</summary>
    Text = 0,

    /// <summary>An amount of money that WhatsApp formats for the reader's locale, with a fallback text.</summary>
    Currency = 1,

    /// <summary>A date and time, as its fallback text (the Cloud API always shows the fallback).</summary>
    DateTime = 2,

    /// <summary>A header image by link.</summary>
    Image = 3,

    /// <summary>A header video by link.</summary>
    Video = 4,

    /// <summary>A header document (PDF) by link, with an optional file name.</summary>
    Document = 5,
}
