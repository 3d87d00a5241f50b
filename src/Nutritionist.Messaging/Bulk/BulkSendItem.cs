namespace Nutritionist.Messaging.Bulk;

/// <summary>One input of a bulk send and what happened to it.</summary>
/// <param name="Index">Its position in the input.</param>
/// <param name="Message">The message.</param>
/// <param name="Result">Its result, or <see langword="null"/> when the batch was cancelled before it was started (it was not sent).</param>
public sealed record BulkSendItem(int Index, OutboundMessage Message, SendResult? Result);
