using Nutritionist.Messaging.Sandbox.Internal;

namespace Nutritionist.Messaging.Sandbox;

/// <summary>
/// The sandbox emulator as an <see cref="HttpMessageHandler"/>: answers AWS End User Messaging SMS and Twilio requests in
/// process, from a <see cref="SandboxState"/>, whatever host they were addressed to. <c>UseSandbox()</c> makes it the
/// primary handler of both providers' HTTP clients; the requests it sees are the ones the providers would send to AWS and
/// Twilio (signed, authenticated) and its answers are the real services' shapes.
/// </summary>
/// <remarks>
/// Thread-safe; one instance serves every client. It owns nothing: disposing it (as <see cref="IHttpClientFactory"/> does
/// when it recycles a handler chain) leaves it usable, and the state is disposed by its own owner.
/// </remarks>
public sealed class SandboxHandler : HttpMessageHandler
{
    /// <summary>Creates a handler over a state.</summary>
    /// <param name="state">The emulator's state.</param>
    public SandboxHandler(SandboxState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        State = state;
    }

    /// <summary>The emulator's state.</summary>
    public SandboxState State { get; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sandboxRequest = await SandboxRequest.FromMessageAsync(request, cancellationToken).ConfigureAwait(false);
        var response = await State.Emulator.HandleAsync(sandboxRequest, cancellationToken).ConfigureAwait(false);
        return response.ToMessage(request);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // Deliberately nothing: the handler is a shared singleton that the client factory may "dispose" with a chain.
    }
}
