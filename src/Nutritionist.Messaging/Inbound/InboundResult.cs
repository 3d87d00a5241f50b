namespace Nutritionist.Messaging.Inbound;

/// <summary>What the inbound pipeline did with a message.</summary>
/// <param name="Keyword">The keyword recognised, if any.</param>
/// <param name="Reply">The confirmation reply sent for a keyword, or <see langword="null"/> when none was sent.</param>
public sealed record InboundResult(KeywordKind Keyword, SendResult? Reply);
