using System.Net;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// State of one SDK call, carried to <see cref="TwilioHttpHandler"/> through an <see cref="AsyncLocal{T}"/>.
/// </summary>
/// <remarks>
/// The Twilio SDK's request methods take no <see cref="CancellationToken"/>, and its <c>ApiException</c> keeps neither
/// the response headers nor, for a non-JSON error body, the HTTP status. The handler runs inside the SDK's call, on the
/// same logical flow, so it links the caller's token to the request, applies the account's base URL, and records what
/// the SDK throws away (status, <c>Retry-After</c>, the error body).
/// </remarks>
internal sealed class TwilioCallContext(Uri? redirectTo, CancellationToken cancellationToken)
{
    private static readonly AsyncLocal<TwilioCallContext?> Ambient = new();

    /// <summary>The context of the call running on this logical flow, if any.</summary>
    /// <remarks>
    /// Set by <see cref="TwilioAccount.InvokeAsync{T}"/>: an async method's changes to an <see cref="AsyncLocal{T}"/> are
    /// undone for its caller when it returns, so the value reaches only the SDK call made inside it.
    /// </remarks>
    public static TwilioCallContext? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    /// <summary>The base URL to send requests to instead of Twilio's hosts; <see langword="null"/> for no redirection.</summary>
    public Uri? RedirectTo { get; } = redirectTo;

    /// <summary>The caller's token.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The status of the last response, when one came back.</summary>
    public HttpStatusCode? LastStatus { get; set; }

    /// <summary>The last response's <c>Retry-After</c>, when it had one.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>The body of the last response, when it was an error (4xx or 5xx).</summary>
    public string? ErrorBody { get; set; }
}
