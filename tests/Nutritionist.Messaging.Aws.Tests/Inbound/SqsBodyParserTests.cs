using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Delivery;

namespace Nutritionist.Messaging.Aws.Tests.Inbound;

public sealed class SqsBodyParserTests
{
    private static readonly DateTimeOffset SqsTime = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    // The SMS example record from the AWS End User Messaging SMS user guide ("Example SMS event data").
    private const string DocumentedEvent = """
        {
          "eventType": "TEXT_SUCCESSFUL", "eventVersion": "1.0", "eventTimestamp": 1686975103470, "isFinal": true,
          "originationPhoneNumber": "+12065550152", "destinationPhoneNumber": "+14255550156", "isInternationalSend": false,
          "mcc": "310", "mnc": "800", "messageId": "862a8790-60c0-4430-9b2b-658bdexample", "messageRequestTimestamp": 1686975103170,
          "messageEncoding": "GSM", "messageType": "PROMOTIONAL", "messageStatus": "SUCCESSFUL",
          "messageStatusDescription": "Message has been accepted by phone carrier", "context": { "account": "bar" },
          "totalMessageParts": 1, "totalMessagePrice": 0.09582, "totalCarrierFee": 0.0
        }
        """;

    [Test]
    public void A_raw_two_way_sms_payload_becomes_an_inbound_message()
    {
        var body = """
            {"originationNumber":"+14255550182","destinationNumber":"+12125550101","messageKeyword":"JOIN",
             "messageBody":"EXAMPLE","inboundMessageId":"cae173d2-66b9-564c-8309-21f858e9fb84","previousPublishedMessageId":"wJalrXUtnFEMI"}
            """;

        var parsed = SqsBodyParser.Parse(body, SqsTime);

        Assert.That(parsed.Kind, Is.EqualTo(SqsBodyKind.InboundMessage));
        var message = parsed.Message!;
        Assert.That(message.Platform, Is.EqualTo(MessagingPlatform.Sms));
        Assert.That(message.From, Is.EqualTo("+14255550182"));
        Assert.That(message.To, Is.EqualTo("+12125550101"));
        Assert.That(message.Body, Is.EqualTo("EXAMPLE"));
        Assert.That(message.Keyword, Is.EqualTo("JOIN"));
        Assert.That(message.ProviderMessageId, Is.EqualTo("cae173d2-66b9-564c-8309-21f858e9fb84"));
        Assert.That(message.InReplyToMessageId, Is.EqualTo("wJalrXUtnFEMI"));
        Assert.That(message.ReceivedAt, Is.EqualTo(SqsTime));
        Assert.That(message.ProviderName, Is.EqualTo("aws-sms"));
    }

    [Test]
    public void The_documented_event_record_becomes_a_delivery_update()
    {
        var parsed = SqsBodyParser.Parse(DocumentedEvent, SqsTime);

        Assert.That(parsed.Kind, Is.EqualTo(SqsBodyKind.DeliveryStatus));
        var update = parsed.Update!;
        Assert.That(update.MessageId, Is.EqualTo("862a8790-60c0-4430-9b2b-658bdexample"));
        Assert.That(update.Status, Is.EqualTo(DeliveryStatus.Delivered));
        Assert.That(update.ProviderStatus, Is.EqualTo("TEXT_SUCCESSFUL"));
        Assert.That(update.ErrorCode, Is.Null);
        Assert.That(update.Timestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1686975103470)));
        Assert.That(update.Recipient, Is.EqualTo("+14255550156"));
        Assert.That(update.Price, Is.EqualTo(0.09582m));
        Assert.That(update.PriceCurrency, Is.EqualTo("USD"));
        Assert.That(update.Segments, Is.EqualTo(1));
        Assert.That(update.ClientReference, Is.Null);
    }

    [Test]
    public void Price_adds_the_carrier_fee_and_the_client_reference_comes_from_context()
    {
        var parsed = SqsBodyParser.Parse(TestSns.Event("TEXT_CARRIER_UNREACHABLE", "m-1", price: 0.01m, carrierFee: 0.0025m, clientReference: "order-7"), SqsTime);

        var update = parsed.Update!;
        Assert.That(update.Status, Is.EqualTo(DeliveryStatus.Undelivered));
        Assert.That(update.Price, Is.EqualTo(0.0125m));
        Assert.That(update.Segments, Is.EqualTo(2));
        Assert.That(update.ClientReference, Is.EqualTo("order-7"));
        Assert.That(update.ErrorCode, Is.EqualTo("CARRIER_UNREACHABLE"));
        Assert.That(update.ErrorMessage, Is.EqualTo("Description of CARRIER_UNREACHABLE"));
    }

    [TestCase("TEXT_SUCCESSFUL", DeliveryStatus.Delivered)]
    [TestCase("TEXT_DELIVERED", DeliveryStatus.Delivered)]
    [TestCase("MEDIA_SUCCESSFUL", DeliveryStatus.Delivered)]
    [TestCase("MEDIA_DELIVERED", DeliveryStatus.Delivered)]
    [TestCase("TEXT_PENDING", DeliveryStatus.Queued)]
    [TestCase("TEXT_QUEUED", DeliveryStatus.Queued)]
    [TestCase("MEDIA_PENDING", DeliveryStatus.Queued)]
    [TestCase("MEDIA_QUEUED", DeliveryStatus.Queued)]
    [TestCase("TEXT_INVALID", DeliveryStatus.Failed)]
    [TestCase("TEXT_INVALID_MESSAGE", DeliveryStatus.Failed)]
    [TestCase("TEXT_PROTECT_BLOCKED", DeliveryStatus.Failed)]
    [TestCase("MEDIA_INVALID", DeliveryStatus.Failed)]
    [TestCase("MEDIA_FILE_INACCESSIBLE", DeliveryStatus.Failed)]
    [TestCase("MEDIA_FILE_TYPE_UNSUPPORTED", DeliveryStatus.Failed)]
    [TestCase("MEDIA_FILE_SIZE_EXCEEDED", DeliveryStatus.Failed)]
    [TestCase("TEXT_UNREACHABLE", DeliveryStatus.Undelivered)]
    [TestCase("TEXT_CARRIER_UNREACHABLE", DeliveryStatus.Undelivered)]
    [TestCase("TEXT_BLOCKED", DeliveryStatus.Undelivered)]
    [TestCase("TEXT_CARRIER_BLOCKED", DeliveryStatus.Undelivered)]
    [TestCase("TEXT_SPAM", DeliveryStatus.Undelivered)]
    [TestCase("MEDIA_SPAM", DeliveryStatus.Undelivered)]
    [TestCase("TEXT_TTL_EXPIRED", DeliveryStatus.Expired)]
    [TestCase("MEDIA_TTL_EXPIRED", DeliveryStatus.Expired)]
    [TestCase("TEXT_UNKNOWN", DeliveryStatus.Undelivered)]
    [TestCase("TEXT_SOMETHING_NEW", DeliveryStatus.Unknown)]
    public void Final_event_types_map_to_statuses(string eventType, DeliveryStatus expected)
    {
        var parsed = SqsBodyParser.Parse(TestSns.Event(eventType, "m-1", isFinal: true), SqsTime);

        Assert.That(parsed.Kind, Is.EqualTo(SqsBodyKind.DeliveryStatus));
        Assert.That(parsed.Update!.Status, Is.EqualTo(expected));
        Assert.That(parsed.Update.ProviderStatus, Is.EqualTo(eventType));
    }

    [TestCase("TEXT_SUCCESSFUL", DeliveryStatus.Sent, null)]
    [TestCase("TEXT_DELIVERED", DeliveryStatus.Sent, null)]
    [TestCase("MEDIA_SUCCESSFUL", DeliveryStatus.Sent, null)]
    [TestCase("TEXT_PENDING", DeliveryStatus.Queued, null)]
    [TestCase("TEXT_QUEUED", DeliveryStatus.Queued, null)]
    [TestCase("TEXT_CARRIER_UNREACHABLE", DeliveryStatus.Sent, "CARRIER_UNREACHABLE")]
    [TestCase("TEXT_UNREACHABLE", DeliveryStatus.Sent, "UNREACHABLE")]
    [TestCase("TEXT_SPAM", DeliveryStatus.Sent, "SPAM")]
    [TestCase("TEXT_TTL_EXPIRED", DeliveryStatus.Sent, "TTL_EXPIRED")]
    [TestCase("TEXT_INVALID", DeliveryStatus.Queued, "INVALID")]
    [TestCase("MEDIA_FILE_INACCESSIBLE", DeliveryStatus.Queued, "FILE_INACCESSIBLE")]
    [TestCase("TEXT_UNKNOWN", DeliveryStatus.Unknown, "UNKNOWN")]
    [TestCase("TEXT_SOMETHING_NEW", DeliveryStatus.Unknown, "SOMETHING_NEW")]
    public void Non_final_event_types_map_to_statuses_that_are_not_terminal_and_keep_the_error(string eventType, DeliveryStatus expected, string? errorCode)
    {
        var update = SqsBodyParser.Parse(TestSns.Event(eventType, "m-1", isFinal: false), SqsTime).Update!;

        Assert.That(update.Status, Is.EqualTo(expected));
        Assert.That(update.IsTerminal, Is.False);
        Assert.That(update.ProviderStatus, Is.EqualTo(eventType));
        Assert.That(update.ErrorCode, Is.EqualTo(errorCode));
    }

    [TestCase("true", DeliveryStatus.Delivered)]
    [TestCase("\"true\"", DeliveryStatus.Delivered)]
    [TestCase("\"false\"", DeliveryStatus.Sent)]
    [TestCase("null", DeliveryStatus.Delivered)]
    [TestCase("1", DeliveryStatus.Delivered)]
    [TestCase(null, DeliveryStatus.Delivered)]
    public void An_isFinal_that_is_not_a_boolean_falls_back_to_the_status_name(string? isFinalJson, DeliveryStatus expected)
    {
        var json = TestSns.Event("TEXT_SUCCESSFUL", "m-1", isFinal: null);
        if (isFinalJson is not null)
        {
            json = "{\"isFinal\":" + isFinalJson + "," + json[1..];
        }

        Assert.That(SqsBodyParser.Parse(json, SqsTime).Update!.Status, Is.EqualTo(expected));
    }

    [TestCase("VOICE_COMPLETED")]
    [TestCase("RCS_DELIVERED")]
    [TestCase("REGISTRATION_STATUS_CHANGE")]
    public void Events_that_are_not_sms_or_mms_are_ignored(string eventType) =>
        Assert.That(SqsBodyParser.Parse(TestSns.Event(eventType, "m-1"), SqsTime).Kind, Is.EqualTo(SqsBodyKind.Ignored));

    [Test]
    public void An_sns_envelope_is_recognised_and_its_double_encoded_message_read_after_verification()
    {
        using var sns = new TestSns(SqsTime);
        var published = new DateTimeOffset(2026, 11, 25, 11, 59, 58, 123, TimeSpan.Zero);
        var body = sns.Envelope(TestSns.InboundSms("+14155552671", "Hi \"there\"\nsecond line"), published);

        var outer = SqsBodyParser.Parse(body, SqsTime);
        Assert.That(outer.Kind, Is.EqualTo(SqsBodyKind.SnsEnvelope));
        Assert.That(outer.Envelope!.SigningCertUrl, Is.EqualTo(TestSns.CertificateUrl));

        var inner = SqsBodyParser.ParseSnsMessage(outer.Envelope, SqsTime);
        Assert.That(inner.Kind, Is.EqualTo(SqsBodyKind.InboundMessage));
        Assert.That(inner.Message!.Body, Is.EqualTo("Hi \"there\"\nsecond line"));
        Assert.That(inner.Message.ReceivedAt, Is.EqualTo(published), "the SNS timestamp is when AWS received it");
    }

    [Test]
    public void An_sns_delivery_event_is_read_from_the_envelope()
    {
        using var sns = new TestSns(SqsTime);
        var outer = SqsBodyParser.Parse(sns.Envelope(DocumentedEvent, SqsTime), SqsTime);

        var inner = SqsBodyParser.ParseSnsMessage(outer.Envelope!, SqsTime);

        Assert.That(inner.Kind, Is.EqualTo(SqsBodyKind.DeliveryStatus));
        Assert.That(inner.Update!.MessageId, Is.EqualTo("862a8790-60c0-4430-9b2b-658bdexample"));
    }

    [Test]
    public void A_subscription_confirmation_is_ignored()
    {
        var envelope = new SnsEnvelope { Type = SnsEnvelope.SubscriptionConfirmationType, Message = "You have chosen to subscribe", TopicArn = "arn:t" };
        Assert.That(SqsBodyParser.ParseSnsMessage(envelope, SqsTime).Kind, Is.EqualTo(SqsBodyKind.Ignored));
    }

    [TestCase("", nameof(InboundFailureReason.EmptyBody))]
    [TestCase("   ", nameof(InboundFailureReason.EmptyBody))]
    [TestCase("{\"originationNumber\": \"+14155552671\", ", nameof(InboundFailureReason.MalformedJson))]
    [TestCase("STOP", nameof(InboundFailureReason.MalformedJson))]
    [TestCase("[1,2]", nameof(InboundFailureReason.UnknownShape))]
    [TestCase("\"a string\"", nameof(InboundFailureReason.UnknownShape))]
    [TestCase("{\"hello\":\"world\"}", nameof(InboundFailureReason.UnknownShape))]
    [TestCase("{\"Type\":\"Surprise\",\"Message\":\"{}\"}", nameof(InboundFailureReason.UnknownShape))]
    [TestCase("{\"messageBody\":\"STOP\",\"inboundMessageId\":\"x\"}", nameof(InboundFailureReason.MissingField))]
    [TestCase("{\"originationNumber\":\"+14155552671\",\"messageBody\":42}", nameof(InboundFailureReason.MissingField))]
    [TestCase("{\"eventType\":\"TEXT_DELIVERED\"}", nameof(InboundFailureReason.MissingField))]
    [TestCase("{\"eventType\":7,\"messageId\":\"m\"}", nameof(InboundFailureReason.MissingField))]
    public void Bad_bodies_give_a_reason_and_never_throw(string body, string reason)
    {
        var parsed = SqsBodyParser.Parse(body, SqsTime);

        Assert.That(parsed.Kind, Is.EqualTo(SqsBodyKind.Invalid));
        Assert.That(parsed.Reason.ToString(), Is.EqualTo(reason));
        Assert.That(parsed.Detail, Does.Not.Contain("+14155552671").And.Not.Contain("STOP"));
    }

    [TestCase("not json at all", nameof(InboundFailureReason.MalformedJson))]
    [TestCase("{\"Type\":\"Notification\",\"Message\":\"{}\"}", nameof(InboundFailureReason.UnknownShape))]
    [TestCase("{}", nameof(InboundFailureReason.UnknownShape))]
    public void A_bad_sns_message_inside_a_good_envelope_gives_a_reason(string message, string reason)
    {
        var envelope = new SnsEnvelope { Type = SnsEnvelope.NotificationType, Message = message };

        var parsed = SqsBodyParser.ParseSnsMessage(envelope, SqsTime);

        Assert.That(parsed.Kind, Is.EqualTo(SqsBodyKind.Invalid));
        Assert.That(parsed.Reason.ToString(), Is.EqualTo(reason));
    }

    [Test]
    public void Deeply_nested_json_is_refused_not_thrown()
    {
        var body = new string('[', 200) + new string(']', 200);
        Assert.That(SqsBodyParser.Parse(body, SqsTime).Reason, Is.EqualTo(InboundFailureReason.MalformedJson));
    }
}
