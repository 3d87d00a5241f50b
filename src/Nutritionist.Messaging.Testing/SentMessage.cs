namespace Nutritionist.Messaging.Testing;

/// <summary>One message given to <see cref="FakeMessagingClient"/>, with the result it returned.</summary>
/// <param name="Message">The message exactly as the application passed it.</param>
/// <param name="Result">What <see cref="FakeMessagingClient.SendAsync"/> returned for it.</param>
/// <param name="Sequence">Its position among every message the fake received (1 for the first), surviving <see cref="FakeMessagingClient.Clear"/>.</param>
public sealed record SentMessage(OutboundMessage Message, SendResult Result, long Sequence)
{
    /// <summary>The recipient in E.164 when the number could be read, otherwise as the application gave it.</summary>
    public string Recipient => Result.Recipient ?? Message.To;

    /// <summary>The platform the message went to (or would have).</summary>
    public MessagingPlatform Platform => Result.Platform;

    /// <summary>The text of the message.</summary>
    public string? Body => Message.Body;

    /// <summary>Whether the fake reported the message as accepted.</summary>
    public bool IsSuccess => Result.IsSuccess;
}
