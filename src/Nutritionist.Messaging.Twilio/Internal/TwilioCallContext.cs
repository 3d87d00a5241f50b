using System.Net;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// State of one SDK call, carried to <see cref="TwilioHttpHandler"/> through an <see cref="AsyncLocal{T}"/>.
/// </summary>
/// <remarks>
/// The Twilio SDK's async methods take no <see cref="CancellationToken"/> and its exceptions keep neither the response
/// headers nor, for non-JSON error bodies, the HTTP status. The handler runs inside the SDK's call, on the same logical
/// flow, so it links the caller's token to the request, applies the account's base URL, and records what the SDK
/// throws away (status, <c>Retry-After</c>, whether the request was handed to the transport).
/// </remarks>
internal sealed class TwilioCallContext
{
    private static readonly AsyncLocal<TwilioCallContext?> Ambient = new();

    public TwilioCallContext(Uri? redirectTo, CancellationToken cancellationToken)
    {
        RedirectTo = redirectTo;
        CancellationToken = cancellationToken;
    }

    /// <summary>The context of the call running on this logical flow, if any.</summary>
    public static TwilioCallContext? Current => Ambient.Value;

    /// <summary>The base URL to send requests to instead of Twilio's hosts; <see langword="null"/> for no redirection.</summary>
    public Uri? RedirectTo { get; }

    /// <summary>The caller's token.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The status of the last response, when one came back.</summary>
    public HttpStatusCode? LastStatus { get; set; }

    /// <summary>The last response's <c>Retry-After</c>, when it had one.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>Makes this the ambient context until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        var previous = Ambient.Value;
        Ambient.Value = this;
        return new Scope(previous);
    }

    /// <summary>Clears the ambient context for the rest of the calling async method and what it calls.</summary>
    public static void Leave() => Ambient.Value = null;

    /// <summary>Restores the previous ambient context.</summary>
    public readonly struct Scope(TwilioCallContext? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
