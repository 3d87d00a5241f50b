using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>Source-generated JSON for the few typed shapes the sandbox writes.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
