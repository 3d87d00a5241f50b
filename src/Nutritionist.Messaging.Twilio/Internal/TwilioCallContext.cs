namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// State of one SDK call, carried to <see cref="TwilioHttpHandler"/> through an <see cref="AsyncLocal{T}"/>.
/// </summary>
/// <remarks>
/// The Twilio SDK's transport (<c>SystemNetHttpClient.MakeRequestAsync</c>) takes no <see cref="CancellationToken"/>,
/// and its <c>Response</c> keeps no <c>Retry-After</c>. The handler runs inside that call, on the same logical flow, so
/// it links the caller's token to the request, applies the account's base URL, and records the <c>Retry-After</c>.
/// </remarks>
internal sealed class TwilioCallContext(Uri? redirectTo, CancellationToken cancellationToken)
{
    private static readonly AsyncLocal<TwilioCallContext?> Ambient = new();

    /// <summary>The context of the call running on this logical flow, if any.</summary>
    /// <remarks>
    /// Set by <see cref="TwilioAccount.RequestAsync"/>: an async method's changes to an <see cref="AsyncLocal{T}"/> are
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

    /// <summary>The last response's <c>Retry-After</c>, when it had one.</summary>
    public TimeSpan? RetryAfter { get; set; }
}
