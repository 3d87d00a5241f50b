using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// Source-generated JSON for what the send path writes (<c>ContentVariables</c>) and reads (the created Message
/// resource, or the error document), so a send needs no reflection-based serializer and stays correct when trimmed or
/// compiled ahead of time.
/// </summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(TwilioCreatedMessage))]
[JsonSerializable(typeof(TwilioErrorDocument))]
internal sealed partial class TwilioJsonContext : JsonSerializerContext;
