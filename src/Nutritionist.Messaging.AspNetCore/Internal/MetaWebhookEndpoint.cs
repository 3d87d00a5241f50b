using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutritionist.Messaging.Meta;

namespace Nutritionist.Messaging.AspNetCore.Internal;

/// <summary>The request delegates behind the Meta webhook route.</summary>
internal static class MetaWebhookEndpoint
{
    public static async Task VerifyAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var result = context.RequestServices.GetRequiredService<MetaWebhookProcessor>()
            .Verify(query["hub.mode"].ToString(), query["hub.verify_token"].ToString(), query["hub.challenge"].ToString());
        await AnswerAsync(context, result.StatusCode, result.Body, result.Outcome.ToString()).ConfigureAwait(false);
    }

    public static async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        byte[] body;
        try
        {
            // The signature covers the exact bytes: read them raw, never through a decoder or a model binder.
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e)
        {
            Log.UnreadableForm(Logger(context), Path(context), e.GetType().Name);
            await AnswerAsync(context, StatusCodes.Status400BadRequest, null, "UnreadableBody").ConfigureAwait(false);
            return;
        }

        var signature = context.Request.Headers[MetaWebhookProcessor.SignatureHeader].ToString();
        MetaWebhookResult result;
        try
        {
            result = await context.RequestServices.GetRequiredService<MetaWebhookProcessor>()
                .ProcessAsync(body, string.IsNullOrEmpty(signature) ? null : signature, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The processor logged the exception with the message id; answering 500 makes Meta deliver it again.
            Log.HandlerFailed(Logger(context), Path(context), e.GetType().Name);
            await AnswerAsync(context, StatusCodes.Status500InternalServerError, null, "HandlerFailed").ConfigureAwait(false);
            return;
        }

        await AnswerAsync(context, result.StatusCode, result.Outcome == MetaWebhookOutcome.Malformed ? result.Error : null, result.Outcome.ToString()).ConfigureAwait(false);
    }

    private static async Task AnswerAsync(HttpContext context, int status, string? body, string outcome)
    {
        context.Response.StatusCode = status;
        if (body is not null)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }

        Log.Answered(Logger(context), Path(context), status, outcome);
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(MetaWebhookEndpoint).FullName!) ?? NullLogger.Instance;

    private static string Path(HttpContext context) => context.Request.PathBase.Add(context.Request.Path).ToString();
}
