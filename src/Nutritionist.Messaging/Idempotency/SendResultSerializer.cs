using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.Idempotency;

/// <summary>
/// The stable JSON form of a <see cref="SendResult"/> that shared <see cref="ISendClaimStore"/>s keep for completed claims,
/// so that a later send with the same reference, on any instance, gets the first send's result back.
/// </summary>
/// <remarks>
/// Kept: status, platform, message id, provider, recipient, client reference, origination identity, attempts, segments,
/// fallback platform, and the error's code, message, provider code and transience. Not kept: the cost estimate and the
/// error's exception (neither survives a process boundary usefully). Serialisation is source generated (no reflection), so
/// it is trimming- and AOT-safe. The form carries a version number; readers of a newer form fail with a <see cref="FormatException"/>.
/// </remarks>
public static class SendResultSerializer
{
    private const int CurrentVersion = 1;

    /// <summary>Writes <paramref name="result"/> as JSON.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(SendResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var stored = new StoredSendResult
        {
            V = CurrentVersion,
            Status = result.Status,
            Platform = result.Platform,
            MessageId = result.MessageId,
            ProviderName = result.ProviderName,
            Recipient = result.Recipient,
            ClientReference = result.ClientReference,
            OriginationIdentity = result.OriginationIdentity,
            Attempts = result.Attempts,
            Segments = result.Segments,
            FallbackFrom = result.FallbackFrom,
            ErrorCode = result.Error?.Code,
            ErrorMessage = result.Error?.Message,
            ProviderCode = result.Error?.ProviderCode,
            ErrorIsTransient = result.Error?.IsTransient ?? false,
        };
        return JsonSerializer.Serialize(stored, SendResultJsonContext.Default.StoredSendResult);
    }

    /// <summary>Reads a result written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The result.</returns>
    /// <exception cref="FormatException">The text is not a stored result this version can read.</exception>
    public static SendResult Deserialize(string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(json);
        StoredSendResult? stored;
        try
        {
            stored = JsonSerializer.Deserialize(json, SendResultJsonContext.Default.StoredSendResult);
        }
        catch (JsonException e)
        {
            throw new FormatException($"A stored send result is not valid JSON: {e.Message}", e);
        }

        if (stored is null || stored.V is < 1 or > CurrentVersion)
        {
            throw new FormatException($"A stored send result has version {stored?.V}, which this version of the library (form {CurrentVersion}) cannot read.");
        }

        var accepted = stored.Status == SendStatus.Accepted;
        if (accepted && string.IsNullOrEmpty(stored.MessageId))
        {
            throw new FormatException("A stored accepted send result has no message id.");
        }

        MessagingError? error = null;
        if (!accepted)
        {
            error = new MessagingError(
                stored.ErrorCode ?? MessagingErrorCode.Unknown,
                string.IsNullOrEmpty(stored.ErrorMessage) ? "The first send's result was stored without an error message." : stored.ErrorMessage,
                stored.ProviderCode,
                stored.ErrorIsTransient);
        }

        return new SendResult
        {
            Status = stored.Status,
            Platform = stored.Platform,
            MessageId = stored.MessageId,
            ProviderName = stored.ProviderName,
            Recipient = stored.Recipient,
            ClientReference = stored.ClientReference,
            OriginationIdentity = stored.OriginationIdentity,
            Attempts = stored.Attempts,
            Segments = stored.Segments,
            FallbackFrom = stored.FallbackFrom,
            Error = error,
        };
    }
}

/// <summary>The stored shape; its member names are the JSON contract (camel case), so renaming one is a breaking change.</summary>
internal sealed class StoredSendResult
{
    public int V { get; set; }

    public SendStatus Status { get; set; }

    public MessagingPlatform Platform { get; set; }

    public string? MessageId { get; set; }

    public string? ProviderName { get; set; }

    public string? Recipient { get; set; }

    public string? ClientReference { get; set; }

    public string? OriginationIdentity { get; set; }

    public int Attempts { get; set; }

    public int? Segments { get; set; }

    public MessagingPlatform? FallbackFrom { get; set; }

    public MessagingErrorCode? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public string? ProviderCode { get; set; }

    public bool ErrorIsTransient { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(StoredSendResult))]
internal sealed partial class SendResultJsonContext : JsonSerializerContext;
