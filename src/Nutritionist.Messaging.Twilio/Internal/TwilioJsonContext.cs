using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>Source-generated JSON for the few documents the provider writes itself (<c>ContentVariables</c>).</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class TwilioJsonContext : JsonSerializerContext;
