using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using Nutritionist.Messaging.Twilio;

namespace Nutritionist.Messaging.AspNetCore.Internal;

/// <summary>The request delegate behind both webhook routes.</summary>
internal static class TwilioWebhookEndpoint
{
    /// <summary>The TwiML that tells Twilio to do nothing more (no auto-reply).</summary>
    public const string EmptyTwiml = """<?xml version="1.0" encoding="UTF-8"?><Response></Response>""";

    public static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var services = context.RequestServices;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(TwilioWebhookEndpoint).FullName!) ?? NullLogger.Instance;
        var path = request.PathBase.Add(request.Path).ToString();

        TwilioWebhookRequest webhook;
        try
        {
            webhook = await ReadAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or DecoderFallbackException)
        {
            Log.UnreadableForm(logger, path, e.GetType().Name);
            await AnswerAsync(context, StatusCodes.Status400BadRequest, "The request body is not a readable form.", logger, path, "UnreadableForm").ConfigureAwait(false);
            return;
        }

        TwilioWebhookResult result;
        try
        {
            result = await services.GetRequiredService<TwilioWebhookHandler>().HandleAsync(webhook, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The handler logged the exception with the message id; answering 500 makes Twilio retry the webhook.
            Log.HandlerFailed(logger, path, e.GetType().Name);
            await AnswerAsync(context, StatusCodes.Status500InternalServerError, null, logger, path, "HandlerFailed").ConfigureAwait(false);
            return;
        }

        var (status, body) = result.Outcome switch
        {
            TwilioWebhookOutcome.InboundMessage or TwilioWebhookOutcome.StatusCallback => (StatusCodes.Status200OK, null),
            TwilioWebhookOutcome.MissingSignature or TwilioWebhookOutcome.InvalidSignature => (StatusCodes.Status403Forbidden, null),
            TwilioWebhookOutcome.Unrecognized => (StatusCodes.Status400BadRequest, result.Error),
            _ => (StatusCodes.Status500InternalServerError, (string?)null),
        };
        if (status == StatusCodes.Status200OK)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/xml";
            await context.Response.WriteAsync(EmptyTwiml, cancellationToken).ConfigureAwait(false);
            Log.Answered(logger, path, status, result.Outcome.ToString());
            return;
        }

        await AnswerAsync(context, status, body, logger, path, result.Outcome.ToString()).ConfigureAwait(false);
    }

    /// <summary>The URL Twilio requested: scheme and host of this request, then the request target exactly as received.</summary>
    internal static string ReceivedUrl(HttpRequest request)
    {
        // The raw target keeps the path's and query's original encoding, which the signature covers; the decoded and
        // re-encoded PathString may spell some characters differently. It is only usable in origin form ("/path?query").
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var target = !string.IsNullOrEmpty(rawTarget) && rawTarget[0] == '/'
            ? rawTarget
            : request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        return request.Scheme + "://" + request.Host.ToUriComponent() + target;
    }

    private static async Task<TwilioWebhookRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var url = ReceivedUrl(request);
        var signature = request.Headers.TryGetValue("X-Twilio-Signature", out var header) && !StringValues.IsNullOrEmpty(header) ? header.ToString() : null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var (key, values) in form)
            {
                foreach (var value in values)
                {
                    pairs.Add(new(key, value ?? string.Empty));
                }
            }

            return new TwilioWebhookRequest(url, pairs, signature);
        }

        // Twilio signs JSON webhooks over the URL, which carries the body's SHA-256; the processor checks both.
        string? json = null;
        if (request.ContentType is { } contentType && contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        return new TwilioWebhookRequest(url, [], signature) { JsonBody = json };
    }

    private static async Task AnswerAsync(HttpContext context, int status, string? body, ILogger logger, string path, string outcome)
    {
        context.Response.StatusCode = status;
        if (body is not null)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }

        Log.Answered(logger, path, status, outcome);
    }
}
