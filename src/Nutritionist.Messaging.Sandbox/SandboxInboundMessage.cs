using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Sandbox;

/// <summary>An inbound message the sandbox injected.</summary>
/// <param name="Provider">The API that "received" it.</param>
/// <param name="Message">The message as given to the inbound pipeline.</param>
/// <param name="Payload">
/// The provider's own payload: the AWS two-way SMS JSON (<c>originationNumber</c>, <c>destinationNumber</c>,
/// <c>messageBody</c>, …) or the form body of Twilio's incoming-message webhook.
/// </param>
public sealed record SandboxInboundMessage(SandboxProvider Provider, InboundMessage Message, string Payload);
