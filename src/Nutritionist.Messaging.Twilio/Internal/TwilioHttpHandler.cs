using System.Net.Http.Headers;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// The first handler of the named <see cref="TwilioHttp.ClientName"/> client: sends requests for Twilio's hosts to the
/// configured <see cref="TwilioWhatsAppOptions.ApiBaseUrl"/>, links the caller's cancellation token (which the SDK's
/// transport cannot pass), and records an error answer's <c>Retry-After</c>.
/// </summary>
internal sealed class TwilioHttpHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = TwilioCallContext.Current;
        if (context is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (context.RedirectTo is { } target && request.RequestUri is { IsAbsoluteUri: true } original && IsTwilioHost(original.Host))
        {
            request.RequestUri = Redirect(original, target);
            request.Headers.TryAddWithoutValidation("X-Forwarded-Host", original.Host);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
        var response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
        if ((int)response.StatusCode >= 400)
        {
            // Only an error's Retry-After is used (a throttled send's); the SDK's response keeps no headers we could read.
            context.RetryAfter = RetryAfterOf(response.Headers.RetryAfter, response.Headers.Date);
        }

        return response;
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
