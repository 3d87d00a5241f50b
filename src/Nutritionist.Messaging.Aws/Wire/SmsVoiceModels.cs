using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

// Request and response shapes of pinpoint-sms-voice-v2 (service-2.json, 2022-03-31). Member names are the model's, so the
// source-generated serializer writes them as they are; requests carry only members the model defines, null ones are
// omitted, and unknown response members are ignored.
namespace Nutritionist.Messaging.Aws.Wire;

#pragma warning disable CA2227 // collection setters: these are wire DTOs filled by object initialisers and the serializer

internal sealed class SendTextMessageRequest
{
    public required string DestinationPhoneNumber { get; init; }
    public string? OriginationIdentity { get; set; }
    public string? MessageBody { get; init; }
    public string? MessageType { get; init; }
    public string? Keyword { get; init; }
    public string? ConfigurationSetName { get; init; }
    public string? MaxPrice { get; init; }
    public int? TimeToLive { get; init; }
    public Dictionary<string, string>? Context { get; init; }
    public Dictionary<string, string>? DestinationCountryParameters { get; init; }
    public bool? DryRun { get; init; }
    public string? ProtectConfigurationId { get; init; }
    public bool? MessageFeedbackEnabled { get; init; }
}

internal sealed class SendMediaMessageRequest
{
    public required string DestinationPhoneNumber { get; init; }
    public required string OriginationIdentity { get; set; }
    public string? MessageBody { get; init; }
    public List<string>? MediaUrls { get; init; }
    public string? ConfigurationSetName { get; init; }
    public string? MaxPrice { get; init; }
    public int? TimeToLive { get; init; }
    public Dictionary<string, string>? Context { get; init; }
    public bool? DryRun { get; init; }
    public string? ProtectConfigurationId { get; init; }
    public bool? MessageFeedbackEnabled { get; init; }
}

internal sealed class SendMessageResult
{
    public string? MessageId { get; init; }
}

internal sealed class Filter
{
    public required string Name { get; init; }
    public required List<string> Values { get; init; }
}

internal sealed class DescribeOptedOutNumbersRequest
{
    public required string OptOutListName { get; init; }
    public List<string>? OptedOutNumbers { get; init; }
    public List<Filter>? Filters { get; init; }
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
}

internal sealed class OptedOutNumberInformation
{
    public string? OptedOutNumber { get; init; }
    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? OptedOutTimestamp { get; init; }
    public bool EndUserOptedOut { get; init; }
}

internal sealed class DescribeOptedOutNumbersResult
{
    public string? OptOutListArn { get; init; }
    public string? OptOutListName { get; init; }
    public List<OptedOutNumberInformation>? OptedOutNumbers { get; init; }
    public string? NextToken { get; init; }
}

internal sealed class OptedOutNumberRequest
{
    public required string OptOutListName { get; init; }
    public required string OptedOutNumber { get; init; }
}

internal sealed class OptedOutNumberResult
{
    public string? OptOutListArn { get; init; }
    public string? OptOutListName { get; init; }
    public string? OptedOutNumber { get; init; }
    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? OptedOutTimestamp { get; init; }
    public bool EndUserOptedOut { get; init; }
}

internal sealed class DescribePoolsRequest
{
    public List<string>? PoolIds { get; init; }
    public List<Filter>? Filters { get; init; }
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
    public string? Owner { get; init; }
}

internal sealed class PoolInformation
{
    public string? PoolArn { get; init; }
    public string? PoolId { get; init; }
    public string? Status { get; init; }
    public string? MessageType { get; init; }
    public bool TwoWayEnabled { get; init; }
    public string? TwoWayChannelArn { get; init; }
    public string? TwoWayChannelRole { get; init; }
    public bool SelfManagedOptOutsEnabled { get; init; }
    public string? OptOutListName { get; init; }
    public bool SharedRoutesEnabled { get; init; }
    public bool DeletionProtectionEnabled { get; init; }
    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreatedTimestamp { get; init; }
}

internal sealed class DescribePoolsResult
{
    public List<PoolInformation>? Pools { get; init; }
    public string? NextToken { get; init; }
}

internal sealed class DescribePhoneNumbersRequest
{
    public List<string>? PhoneNumberIds { get; init; }
    public List<Filter>? Filters { get; init; }
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
    public string? Owner { get; init; }
}

internal sealed class PhoneNumberInformation
{
    public string? PhoneNumberArn { get; init; }
    public string? PhoneNumberId { get; init; }
    public string? PhoneNumber { get; init; }
    public string? Status { get; init; }
    public string? IsoCountryCode { get; init; }
    public string? MessageType { get; init; }
    public List<string>? NumberCapabilities { get; init; }
    public string? NumberType { get; init; }
    public string? MonthlyLeasingPrice { get; init; }
    public bool TwoWayEnabled { get; init; }
    public string? TwoWayChannelArn { get; init; }
    public string? TwoWayChannelRole { get; init; }
    public bool SelfManagedOptOutsEnabled { get; init; }
    public string? OptOutListName { get; init; }
    public bool InternationalSendingEnabled { get; init; }
    public bool DeletionProtectionEnabled { get; init; }
    public string? PoolId { get; init; }
    public string? RegistrationId { get; init; }
    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreatedTimestamp { get; init; }
}

internal sealed class DescribePhoneNumbersResult
{
    public List<PhoneNumberInformation>? PhoneNumbers { get; init; }
    public string? NextToken { get; init; }
}

internal sealed class DescribeSpendLimitsRequest
{
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
}

internal sealed class SpendLimit
{
    public string? Name { get; init; }
    public long EnforcedLimit { get; init; }
    public long MaxLimit { get; init; }
    public bool Overridden { get; init; }
}

internal sealed class DescribeSpendLimitsResult
{
    public List<SpendLimit>? SpendLimits { get; init; }
    public string? NextToken { get; init; }
}

/// <summary>awsJson 1.0 timestamps: seconds since the epoch as a JSON number, possibly fractional.</summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                var seconds = reader.GetDecimal();
                return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            case JsonTokenType.String when DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed):
                return parsed;
            default:
                throw new JsonException($"Expected epoch seconds, got {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteNumberValue((decimal)(v - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerSecond);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Source-generated (trimming- and AOT-safe) serialization of the wire shapes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, GenerationMode = JsonSourceGenerationMode.Default)]
[JsonSerializable(typeof(SendTextMessageRequest))]
[JsonSerializable(typeof(SendMediaMessageRequest))]
[JsonSerializable(typeof(SendMessageResult))]
[JsonSerializable(typeof(DescribeOptedOutNumbersRequest))]
[JsonSerializable(typeof(DescribeOptedOutNumbersResult))]
[JsonSerializable(typeof(OptedOutNumberRequest))]
[JsonSerializable(typeof(OptedOutNumberResult))]
[JsonSerializable(typeof(DescribePoolsRequest))]
[JsonSerializable(typeof(DescribePoolsResult))]
[JsonSerializable(typeof(DescribePhoneNumbersRequest))]
[JsonSerializable(typeof(DescribePhoneNumbersResult))]
[JsonSerializable(typeof(DescribeSpendLimitsRequest))]
[JsonSerializable(typeof(DescribeSpendLimitsResult))]
internal sealed partial class SmsVoiceJsonContext : JsonSerializerContext;
