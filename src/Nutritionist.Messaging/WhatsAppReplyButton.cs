namespace Nutritionist.Messaging;

/// <summary>One reply button of <see cref="WhatsAppReplyButtons"/>.</summary>
/// <param name="Id">
/// The id that comes back as the inbound message's <c>ButtonPayload</c> when the person taps it: unique within the
/// message, up to <see cref="WhatsAppReplyButtons.MaxButtonIdLength"/> characters, no spaces at either end.
/// </param>
/// <param name="Title">The label, unique within the message, up to <see cref="WhatsAppReplyButtons.MaxButtonTitleLength"/> characters.</param>
public sealed record WhatsAppReplyButton(string Id, string Title);
