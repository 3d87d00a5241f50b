using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>
/// What Meta's Cloud API and AWS End User Messaging Social share behind their front doors: accepting a checked Cloud API
/// message, its status webhooks (<c>sent</c>, <c>delivered</c> or <c>failed</c>, <c>read</c>), and inbound messages, each
/// as the payload the real service sends (Meta's webhook notification, or AWS's event with the webhook entry inside) and as
/// the update or message the providers' webhook parsing builds from it, which goes to the inbound pipeline.
/// </summary>
/// <remarks>
/// Outcomes, the same for both providers: a send to an AWS simulator failure number (<c>+14254147167</c> and the others) is
/// accepted and then reported <c>failed</c> with Meta's 131026 (undeliverable); a free-form message outside the
/// recipient's 24-hour window (with <see cref="SandboxOptions.EnforceWhatsAppWindow"/>) is accepted and then reported
/// <c>failed</c> with 131047, as Meta does; anything else is <c>sent</c>, then <c>delivered</c> (and <c>read</c> with
/// <see cref="SandboxOptions.ReadDelay"/>).
/// </remarks>
internal static class WhatsAppCloud
{
    /// <summary>The WhatsApp Business Account id in the sandbox's webhooks and events.</summary>
    public const string WabaId = "100555010000009";

    /// <summary>The provider names the providers' inbound parsing gives (<c>MetaWebhookProcessor.ProviderName</c>, <c>AwsWhatsAppProvider.ProviderName</c>).</summary>
    public static string ProviderName(SandboxProvider provider) => provider == SandboxProvider.Meta ? "meta" : "aws-whatsapp";

    /// <summary>Records an accepted message and schedules its status events; returns its <c>wamid</c>.</summary>
    public static string Accept(SandboxState state, SandboxProvider provider, CloudApiMessageCheck.Accepted checkedMessage, string json)
    {
        var now = state.TimeProvider.GetUtcNow();
        var id = NewWamid();
        var recipient = checkedMessage.To;
        var message = new SandboxMessage(provider, id, Numbers.WhatsAppPrefix + recipient, state.Options.WhatsAppFrom, checkedMessage.Text, now)
        {
            MediaUrls = checkedMessage.MediaUrls,
            CloudApiMessage = json,
            MessageType = checkedMessage.Type,
        };
        state.Accept(message);

        var options = state.Options;
        if (AwsSimulatorNumbers.Fails(recipient))
        {
            state.Schedule(options.DeliveryDelay, () => StatusEvent(state, message, "failed", (131026, "Message undeliverable", "Message failed to send because the recipient cannot receive WhatsApp messages (sandbox failure number).")));
            return id;
        }

        if (checkedMessage.Type != "template" && options.EnforceWhatsAppWindow && !state.IsWhatsAppWindowOpen(recipient))
        {
            state.Schedule(options.SentDelay, () => StatusEvent(state, message, "failed", (131047, "Re-engagement message", "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")));
            return id;
        }

        state.Schedule(options.SentDelay, () => StatusEvent(state, message, "sent", null));
        state.Schedule(options.DeliveryDelay, () => StatusEvent(state, message, "delivered", null));
        if (options.ReadDelay is { } readDelay)
        {
            state.Schedule(readDelay, () => StatusEvent(state, message, "read", null));
        }

        return id;
    }

    /// <summary>An inbound text from <paramref name="from"/> to the sandbox's business number, as the provider's webhook delivers it.</summary>
    public static SandboxInboundMessage Inbound(SandboxState state, SandboxProvider provider, string from, string body, string? inReplyTo)
    {
        var now = state.TimeProvider.GetUtcNow();
        var seconds = now.ToUnixTimeSeconds();
        var id = NewWamid();
        var item = new JsonObject
        {
            ["from"] = from.TrimStart('+'),
            ["id"] = id,
            ["timestamp"] = seconds.ToString(CultureInfo.InvariantCulture),
            ["type"] = "text",
            ["text"] = new JsonObject { ["body"] = body },
        };
        if (inReplyTo is not null)
        {
            item["context"] = new JsonObject { ["from"] = Display(state), ["id"] = inReplyTo };
        }

        var value = Value(state);
        value["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Sandbox user" }, ["wa_id"] = from.TrimStart('+') });
        value["messages"] = new JsonArray(item);
        var message = new InboundMessage(MessagingPlatform.WhatsApp, from, body)
        {
            To = Numbers.Key(state.Options.WhatsAppFrom),
            ProviderMessageId = id,
            ReceivedAt = DateTimeOffset.FromUnixTimeSeconds(seconds),
            ProfileName = "Sandbox user",
            InReplyToMessageId = inReplyTo,
            ProviderName = ProviderName(provider),
        };
        return new SandboxInboundMessage(provider, message, Payload(state, provider, value, now));
    }

    private static SandboxDeliveryEvent StatusEvent(SandboxState state, SandboxMessage message, string status, (int Code, string Title, string Details)? error)
    {
        var now = state.TimeProvider.GetUtcNow();
        var seconds = now.ToUnixTimeSeconds();
        var item = new JsonObject
        {
            ["id"] = message.MessageId,
            ["status"] = status,
            ["timestamp"] = seconds.ToString(CultureInfo.InvariantCulture),
            ["recipient_id"] = message.Recipient.TrimStart('+'),
        };
        if (error is { } e)
        {
            item["errors"] = new JsonArray(new JsonObject
            {
                ["code"] = e.Code,
                ["title"] = e.Title,
                ["message"] = e.Title,
                ["error_data"] = new JsonObject { ["details"] = e.Details },
                ["href"] = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
            });
        }
        else if (status != "read")
        {
            item["pricing"] = new JsonObject { ["billable"] = true, ["pricing_model"] = "PMP", ["category"] = message.MessageType == "template" ? "utility" : "service" };
        }

        var value = Value(state);
        value["statuses"] = new JsonArray(item);
        var update = new DeliveryStatusUpdate(message.MessageId, MessagingPlatform.WhatsApp, status switch
        {
            "sent" => DeliveryStatus.Sent,
            "delivered" => DeliveryStatus.Delivered,
            "read" => DeliveryStatus.Read,
            _ => DeliveryStatus.Failed,
        })
        {
            ProviderStatus = status,
            ErrorCode = error?.Code.ToString(CultureInfo.InvariantCulture),
            ErrorMessage = error is { } failure ? failure.Title + ": " + failure.Details : null,
            Timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds),
            Recipient = message.Recipient,
        };
        return new SandboxDeliveryEvent(message.Provider, update, Payload(state, message.Provider, value, now));
    }

    /// <summary>A <c>messages</c> change value with the business number's metadata.</summary>
    private static JsonObject Value(SandboxState state) => new()
    {
        ["messaging_product"] = "whatsapp",
        ["metadata"] = new JsonObject { ["display_phone_number"] = Display(state), ["phone_number_id"] = state.Options.MetaPhoneNumberId },
    };

    /// <summary>Meta's webhook notification, or AWS's event carrying the same entry as a string.</summary>
    private static string Payload(SandboxState state, SandboxProvider provider, JsonObject value, DateTimeOffset now)
    {
        var entry = new JsonObject
        {
            ["id"] = WabaId,
            ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = "messages" }),
        };
        if (provider == SandboxProvider.Meta)
        {
            return new JsonObject { ["object"] = "whatsapp_business_account", ["entry"] = new JsonArray(entry) }.ToJsonString();
        }

        var region = state.Options.AwsRegion;
        return new JsonObject
        {
            ["context"] = new JsonObject
            {
                ["MetaWabaIds"] = new JsonArray(new JsonObject { ["wabaId"] = WabaId, ["arn"] = $"arn:aws:social-messaging:{region}:{SandboxState.AwsAccountId}:waba/5a4db0c5000000000000000000000001" }),
                ["MetaPhoneNumberIds"] = new JsonArray(new JsonObject
                {
                    ["metaPhoneNumberId"] = state.Options.MetaPhoneNumberId,
                    ["arn"] = $"arn:aws:social-messaging:{region}:{SandboxState.AwsAccountId}:phone-number-id/{state.Options.AwsWhatsAppPhoneNumberId.Replace("phone-number-id-", string.Empty, StringComparison.Ordinal)}",
                }),
            },
            ["whatsAppWebhookEntry"] = entry.ToJsonString(),
            ["aws_account_id"] = SandboxState.AwsAccountId,
            ["message_timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["messageId"] = Ids.AwsMessageId(),
        }.ToJsonString();
    }

    private static string Display(SandboxState state) => Numbers.Key(state.Options.WhatsAppFrom).TrimStart('+');

    /// <summary>A WhatsApp message id in Meta's form: <c>wamid.</c> and base64 of random bytes.</summary>
    private static string NewWamid() => "wamid.HBgL" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
}
