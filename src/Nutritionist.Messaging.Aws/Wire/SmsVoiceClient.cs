using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Aws.Internal;

namespace Nutritionist.Messaging.Aws.Wire;

/// <summary>
/// The typed client of the <c>pinpoint-sms-voice-v2</c> JSON 1.0 API: <c>POST /</c>, <c>X-Amz-Target</c>, SigV4 with
/// signing name <c>sms-voice</c>. It never retries: a retried send can text a person twice, so retries belong to the router.
/// </summary>
/// <remarks>Thread-safe; one instance per container. The <see cref="HttpClient"/> comes from <see cref="IHttpClientFactory"/> on each call.</remarks>
internal sealed class SmsVoiceClient
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client (configure its primary handler to stub the API).</summary>
    public const string HttpClientName = "Nutritionist.Messaging.Aws.Sms";

    /// <summary>The client of the provider registered as <paramref name="name"/>: <c>Nutritionist.Messaging.Aws.Sms:{name}</c>.</summary>
    public static string HttpClientNameFor(string name) => HttpClientName + ":" + name;
    public const string TargetPrefix = "PinpointSMSVoiceV2";
    public const string SigningName = "sms-voice";
    public const string ContentType = "application/x-amz-json-1.0";
    public const string TargetHeader = "X-Amz-Target";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IAwsConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SmsVoiceClient> _logger;
    private readonly string _httpClientName;

    public SmsVoiceClient(IHttpClientFactory httpClientFactory, IAwsConnection connection, TimeProvider timeProvider, ILogger<SmsVoiceClient> logger, string httpClientName = HttpClientName)
    {
        _httpClientName = httpClientName;
        _httpClientFactory = httpClientFactory;
        _connection = connection;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    // The relaxed encoder writes "+" and non-ASCII text as they are rather than as \uXXXX escapes: this is a JSON API body,
    // never HTML, and AWS reads both forms.
    private static readonly SmsVoiceJsonContext Json = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public ValueTask<SendMessageResult> SendTextMessageAsync(SendTextMessageRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("SendTextMessage", TargetPrefix + ".SendTextMessage", request, Json.SendTextMessageRequest, Json.SendMessageResult, cancellationToken);

    public ValueTask<SendMessageResult> SendMediaMessageAsync(SendMediaMessageRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("SendMediaMessage", TargetPrefix + ".SendMediaMessage", request, Json.SendMediaMessageRequest, Json.SendMessageResult, cancellationToken);

    public ValueTask<DescribeOptedOutNumbersResult> DescribeOptedOutNumbersAsync(DescribeOptedOutNumbersRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DescribeOptedOutNumbers", TargetPrefix + ".DescribeOptedOutNumbers", request, Json.DescribeOptedOutNumbersRequest, Json.DescribeOptedOutNumbersResult, cancellationToken);

    public ValueTask<OptedOutNumberResult> PutOptedOutNumberAsync(OptedOutNumberRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("PutOptedOutNumber", TargetPrefix + ".PutOptedOutNumber", request, Json.OptedOutNumberRequest, Json.OptedOutNumberResult, cancellationToken);

    public ValueTask<OptedOutNumberResult> DeleteOptedOutNumberAsync(OptedOutNumberRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DeleteOptedOutNumber", TargetPrefix + ".DeleteOptedOutNumber", request, Json.OptedOutNumberRequest, Json.OptedOutNumberResult, cancellationToken);

    public ValueTask<DescribePoolsResult> DescribePoolsAsync(DescribePoolsRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DescribePools", TargetPrefix + ".DescribePools", request, Json.DescribePoolsRequest, Json.DescribePoolsResult, cancellationToken);

    public ValueTask<DescribePhoneNumbersResult> DescribePhoneNumbersAsync(DescribePhoneNumbersRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DescribePhoneNumbers", TargetPrefix + ".DescribePhoneNumbers", request, Json.DescribePhoneNumbersRequest, Json.DescribePhoneNumbersResult, cancellationToken);

    public ValueTask<DescribeSpendLimitsResult> DescribeSpendLimitsAsync(DescribeSpendLimitsRequest request, CancellationToken cancellationToken) =>
        InvokeAsync("DescribeSpendLimits", TargetPrefix + ".DescribeSpendLimits", request, Json.DescribeSpendLimitsRequest, Json.DescribeSpendLimitsResult, cancellationToken);

    /// <summary>Signs <paramref name="message"/> (whose body is <paramref name="body"/>) for <paramref name="signingName"/> (default <c>sms-voice</c>).</summary>
    internal static void Sign(HttpRequestMessage message, byte[] body, AwsRequestContext context, DateTimeOffset now, string signingName = SigningName)
    {
        var uri = message.RequestUri!;
        var headers = new List<KeyValuePair<string, string>> { new("Host", uri.Authority) };
        if (message.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(new("Content-Type", contentType.ToString()));
        }

        foreach (var header in message.Headers)
        {
            if (header.Key.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase))
            {
                headers.AddRange(header.Value.Select(v => new KeyValuePair<string, string>(header.Key, v)));
            }
        }

        var signature = SigV4.Sign(
            new SigV4Request { Method = message.Method.Method, Path = uri.AbsolutePath, Query = uri.Query.TrimStart('?'), Headers = headers, Body = body },
            context.Credentials,
            context.Region,
            signingName,
            now);

        message.Headers.Remove(SigV4.AmzDateHeader);
        message.Headers.TryAddWithoutValidation(SigV4.AmzDateHeader, signature.AmzDate);
        if (signature.SecurityToken is { } token)
        {
            message.Headers.TryAddWithoutValidation(SigV4.SecurityTokenHeader, token);
        }

        message.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
    }

    private async ValueTask<TResponse> InvokeAsync<TRequest, TResponse>(
        string operation,
        string target,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        var context = await _connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);

        using var message = new HttpRequestMessage(HttpMethod.Post, context.Endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        message.Headers.TryAddWithoutValidation(TargetHeader, target);
        Sign(message, body, context, _timeProvider.GetUtcNow());

        var (content, status) = await SendSignedAsync(_httpClientFactory.CreateClient(_httpClientName), message, operation, _logger, _timeProvider, cancellationToken).ConfigureAwait(false);
        try
        {
            return (content.Length == 0 ? null : JsonSerializer.Deserialize(content, responseType))
                ?? JsonSerializer.Deserialize("{}"u8, responseType)!;
        }
        catch (JsonException e)
        {
            throw new MessagingException(
                MessagingErrorCode.ProviderUnavailable,
                $"AWS answered {operation} with HTTP {status} but a body that is not the expected JSON: {e.Message}",
                "InvalidResponse",
                status,
                isTransient: true,
                innerException: e)
            { MayHaveBeenSent = true };
        }
    }

    /// <summary>
    /// Sends a signed request once and reads the whole answer: transport failures become <see cref="MessagingException"/>s
    /// that say whether the request may have reached AWS, error answers become <see cref="AwsApiException"/>s. Shared by the
    /// SMS and the End User Messaging Social clients.
    /// </summary>
    /// <returns>The body and HTTP status of a successful answer.</returns>
    internal static async ValueTask<(byte[] Content, int Status)> SendSignedAsync(
        HttpClient http, HttpRequestMessage message, string operation, ILogger logger, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Log.Request(logger, operation, message.RequestUri!);
        HttpResponseMessage response;
        try
        {
            // The whole answer is read inside the call (and inside HttpClient.Timeout); AWS answers are small.
            response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransportFailure(e, cancellationToken))
        {
            throw TransportFailure(operation, e, requestLeft: !IsCertainlyNotSent(e));
        }

        using (response)
        {
            byte[] content;
            try
            {
                content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransportFailure(e, cancellationToken))
            {
                throw TransportFailure(operation, e, requestLeft: true);
            }

            if (!response.IsSuccessStatusCode)
            {
                var error = ParseError(response, content, timeProvider);
                Log.ApiError(logger, operation, (int)error.StatusCode, error.ErrorType, error.Reason, error.RequestId);
                throw error;
            }

            return (content, (int)response.StatusCode);
        }
    }

    /// <summary>Reads an error answer: <c>X-Amzn-ErrorType</c> or <c>__type</c>, <c>Message</c>/<c>message</c>, <c>Reason</c>, <c>Fields</c>.</summary>
    internal static AwsApiException ParseError(HttpResponseMessage response, byte[] content, TimeProvider timeProvider)
    {
        string? type = null;
        if (response.Headers.TryGetValues("X-Amzn-ErrorType", out var headerValues))
        {
            type = headerValues.FirstOrDefault();
        }

        string? message = null, reason = null, resourceType = null, resourceId = null;
        var fields = new List<(string, string)>();
        try
        {
            if (content.Length > 0)
            {
                using var document = JsonDocument.Parse(content);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    if (string.IsNullOrEmpty(type))
                    {
                        type = StringMember(root, "__type") ?? StringMember(root, "code") ?? StringMember(root, "Code");
                    }

                    message = StringMember(root, "Message") ?? StringMember(root, "message") ?? StringMember(root, "errorMessage");
                    reason = StringMember(root, "Reason");
                    resourceType = StringMember(root, "ResourceType");
                    resourceId = StringMember(root, "ResourceId");
                    if (root.TryGetProperty("Fields", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var field in list.EnumerateArray())
                        {
                            if (field.ValueKind == JsonValueKind.Object)
                            {
                                fields.Add((StringMember(field, "Name") ?? "?", StringMember(field, "Message") ?? string.Empty));
                            }
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            message ??= Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 512)).Trim();
        }

        var status = response.StatusCode;
        var sanitized = SanitizeErrorType(type) ?? (status == HttpStatusCode.TooManyRequests ? "ThrottlingException" : $"Http{(int)status}");
        if (string.IsNullOrWhiteSpace(message))
        {
            message = $"HTTP {(int)status} {response.ReasonPhrase}".Trim();
        }

        return new AwsApiException(sanitized, message, status)
        {
            Reason = reason,
            Fields = fields,
            ResourceType = resourceType,
            ResourceId = resourceId,
            RequestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null,
            RetryAfter = RetryAfterOf(response, timeProvider),
        };
    }

    /// <summary><c>aws.protocols#ThrottlingException:http://…</c> → <c>ThrottlingException</c>.</summary>
    internal static string? SanitizeErrorType(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var value = raw.Trim();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            value = value[..colon];
        }

        var hash = value.LastIndexOf('#');
        if (hash >= 0)
        {
            value = value[(hash + 1)..];
        }

        return value.Length == 0 ? null : value;
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider time)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string? StringMember(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsTransportFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>Whether the failure happened before any byte of the request could reach AWS.</summary>
    internal static bool IsCertainlyNotSent(Exception e)
    {
        if (e is HttpRequestException http)
        {
            if (http.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
            {
                return true;
            }

            for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            {
                if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static MessagingException TransportFailure(string operation, Exception e, bool requestLeft)
    {
        var what = e is OperationCanceledException ? "timed out" : "failed";
        var detail = requestLeft
            ? "the request may have reached AWS, so the message may have been sent"
            : "the request did not reach AWS";
        return new MessagingException(
            MessagingErrorCode.ProviderUnavailable,
            $"The AWS {operation} call {what} ({detail}): {e.Message}",
            e is OperationCanceledException ? "Timeout" : e.GetType().Name,
            isTransient: true,
            innerException: e)
        {
            MayHaveBeenSent = requestLeft,
        };
    }
}
