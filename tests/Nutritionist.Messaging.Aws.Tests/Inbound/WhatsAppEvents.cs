using System.Globalization;
using System.Text.Json.Nodes;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests.Inbound;

/// <summary>The reference End User Messaging Social WhatsApp events, and variants of them made by editing the entry inside.</summary>
internal static class WhatsAppEvents
{
    public const string InboundTextPath = "aws/events/social-whatsapp-event.inbound-text.json";
    public const string StatusDeliveredPath = "aws/events/social-whatsapp-event.status-delivered.json";
    public const string StatusFailedPath = "aws/events/social-whatsapp-event.status-failed.json";
    public const string LambdaSnsPath = "aws/events/lambda-sns-event.social-whatsapp.json";

    /// <summary>The customer of the reference events, in E.164.</summary>
    public const string Customer = "+447700900123";
    public const string InboundWamid = "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhggQTFCMkMzRDRFNUY2QTdCOEM5RDBFMUYyQTNCNEM1RDYA";
    public const string DeliveredWamid = "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSMzk0QTVCNkM3RDhFOUYwQTFCAA==";
    public const string FailedWamid = "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSQUJDREVGMDEyMzQ1Njc4OQA=";

    /// <summary>When the reference customer wrote (the inbound message's timestamp).</summary>
    public static readonly DateTimeOffset InboundTime = DateTimeOffset.FromUnixTimeSeconds(1795987800);

    public static string Read(string path) => ReferenceData.ReadText(path);

    /// <summary>A reference event whose entry (the JSON inside <c>whatsAppWebhookEntry</c>) <paramref name="edit"/> changed.</summary>
    public static string WithEntry(string path, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Read(path))!.AsObject();
        var entry = JsonNode.Parse(root["whatsAppWebhookEntry"]!.GetValue<string>())!.AsObject();
        edit(entry);
        root["whatsAppWebhookEntry"] = entry.ToJsonString();
        return root.ToJsonString();
    }

    /// <summary>A reference event with the wrapper changed (the entry left as a string).</summary>
    public static string WithWrapper(string path, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Read(path))!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    public static JsonObject Value(JsonObject entry) => entry["changes"]![0]!["value"]!.AsObject();

    /// <summary>A US customer whose number the router takes (the reference one is in a range kept for drama).</summary>
    public const string UsCustomer = "+14155552671";

    /// <summary>The reference inbound text with another body, id, time and sender (E.164).</summary>
    public static string Inbound(string body, DateTimeOffset? at = null, string wamid = InboundWamid, string from = Customer) => WithEntry(InboundTextPath, entry =>
    {
        var value = Value(entry);
        value["contacts"]![0]!["wa_id"] = from[1..];
        var message = value["messages"]![0]!.AsObject();
        message["from"] = from[1..];
        message["text"]!["body"] = body;
        message["id"] = wamid;
        message["timestamp"] = Seconds(at ?? InboundTime);
    });

    /// <summary>The reference delivered status for another message, status word and time.</summary>
    public static string Status(string wamid, string status, DateTimeOffset at) => WithEntry(StatusDeliveredPath, entry =>
    {
        var item = Value(entry)["statuses"]![0]!.AsObject();
        item["id"] = wamid;
        item["status"] = status;
        item["timestamp"] = Seconds(at);
    });

    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
