using System.Net.Http.Headers;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// The first handler of the named <see cref="TwilioHttp.ClientName"/> client: sends requests for Twilio's hosts to the
/// configured <see cref="TwilioWhatsAppOptions.ApiBaseUrl"/>, links the caller's cancellation token (which the SDK cannot
/// pass), and records the response status and <c>Retry-After</c> for error classification.
/// </summary>
internal sealed class TwilioHttpHandler : DelegatingHandler
{
    // The SDK builds the same URL for every message it creates, so the redirected one is kept: parsing a new Uri per
    // request cost more than the rest of this handler. Immutable and swapped whole, so concurrent requests may read it.
    private volatile RedirectedUri? _lastRedirect;

    private sealed record RedirectedUri(string Original, Uri Target, Uri Result, string Host);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = TwilioCallContext.Current;
        if (context is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // Taken; the HTTP stack below must not carry it. While an AsyncLocal holds a value, every continuation in the
        // socket and connection-pool code restores a non-default ExecutionContext. (This method's change to the ambient
        // value is undone for the SDK code above when it returns; other AsyncLocals, such as Activity.Current, still flow.)
        TwilioCallContext.Leave();

        if (context.RedirectTo is { } target && request.RequestUri is { IsAbsoluteUri: true } original && RedirectOf(original, target) is { } redirect)
        {
            request.RequestUri = redirect.Result;
            request.Headers.TryAddWithoutValidation("X-Forwarded-Host", redirect.Host);
        }

        // Link the caller's token only when it can fire: most sends pass CancellationToken.None, and a linked source per call is garbage.
        HttpResponseMessage response;
        if (context.CancellationToken.CanBeCanceled)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
            response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        else
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        context.LastStatus = response.StatusCode;

        // Only a refusal needs Retry-After; reading the typed headers parses them (the Date header on every answer).
        context.RetryAfter = response.IsSuccessStatusCode ? null : RetryAfterOf(response.Headers.RetryAfter, response.Headers.Date);
        return response;
    }

    /// <summary>Where <paramref name="original"/> goes under <paramref name="target"/>; <see langword="null"/> for a host that is not Twilio's.</summary>
    private RedirectedUri? RedirectOf(Uri original, Uri target)
    {
        var last = _lastRedirect;
        if (last is not null && ReferenceEquals(last.Target, target) && string.Equals(last.Original, original.OriginalString, StringComparison.Ordinal))
        {
            return last;
        }

        if (!IsTwilioHost(original.Host))
        {
            return null;
        }

        var redirect = new RedirectedUri(original.OriginalString, target, Redirect(original, target), original.Host);
        _lastRedirect = redirect;
        return redirect;
    }

    /// <summary>Keeps the path and query of <paramref name="original"/> and takes scheme, host, port and path prefix from <paramref name="target"/>.</summary>
    internal static Uri Redirect(Uri original, Uri target)
    {
        // Built from the escaped forms, so an already percent-encoded query (a PageToken) is not encoded twice.
        var prefix = target.AbsolutePath.TrimEnd('/');
        return new Uri(target.GetLeftPart(UriPartial.Authority) + prefix + original.PathAndQuery);
    }

    internal static bool IsTwilioHost(string host) =>
        host.Equals("twilio.com", StringComparison.OrdinalIgnoreCase) ||
        host.EndsWith(".twilio.com", StringComparison.OrdinalIgnoreCase);

    private static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? retryAfter, DateTimeOffset? responseDate)
    {
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        // An HTTP date is relative to the server's clock, so measure it from the response's own Date header.
        if (retryAfter?.Date is { } date && responseDate is { } now && date > now)
        {
            return date - now;
        }

        return null;
    }
}
