using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.Sandbox.Tests;

public class LoopbackTests
{
    private static readonly HttpClient Http = new();

    [Test]
    public async Task Both_providers_send_through_the_loopback_server()
    {
        await using var server = await SandboxServer.StartAsync();
        await using var services = Harness.OverLoopback(server, TimeProvider.System);
        var client = services.GetRequiredService<IMessagingClient>();

        var sms = await client.SendAsync(MessagingPlatform.Sms, Harness.Customer, "Your meal plan is ready!");
        Assert.That(sms.Status, Is.EqualTo(SendStatus.Accepted), sms.Error?.Message);

        var templates = await services.GetRequiredService<IWhatsAppTemplateCatalog>().ListAsync();
        Assert.That(templates.Single(t => t.Sid == SandboxState.ApprovedTemplateSid).IsApprovedForWhatsApp, Is.True);
        Assert.That((await services.GetRequiredService<IWhatsAppBusinessProfile>().GetAsync()).SenderSid, Is.EqualTo(SandboxState.WhatsAppSenderSid));

        var template = await client.SendAsync(new OutboundMessage(Harness.Customer)
        {
            Platform = MessagingPlatform.WhatsApp,
            Template = new WhatsAppTemplate(SandboxState.ApprovedTemplateSid),
        });
        Assert.That(template.Status, Is.EqualTo(SendStatus.Accepted), template.Error?.Message);
        Assert.That(server.State.Messages.Select(m => m.Provider), Is.EqualTo(new[] { SandboxProvider.Aws, SandboxProvider.Twilio }));
    }

    [Test]
    public async Task Bad_signature_is_refused_the_aws_way()
    {
        await using var server = await SandboxServer.StartAsync();
        using var request = Harness.Aws(server.BaseAddress, "SendTextMessage", """{"DestinationPhoneNumber":"+14155550123","MessageBody":"hi"}""", DateTimeOffset.UtcNow, secret: "wrong-secret");

        using var response = await Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Headers.GetValues("X-Amzn-ErrorType").Single(), Is.EqualTo("InvalidSignatureException"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("__type").GetString(), Is.EqualTo("InvalidSignatureException"));
        Assert.That(body.RootElement.GetProperty("message").GetString(), Does.StartWith("The request signature we calculated does not match"));
        Assert.That(server.State.Messages, Is.Empty);
    }

    [Test]
    public async Task Good_signature_is_accepted_and_unknown_keys_are_refused_in_strict_mode()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Strict = true });
        using (var good = Harness.Aws(server.BaseAddress, "SendTextMessage", """{"DestinationPhoneNumber":"+14155550123","MessageBody":"hi"}""", DateTimeOffset.UtcNow))
        using (var response = await Http.SendAsync(good))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.That(body.RootElement.GetProperty("MessageId").GetString(), Is.Not.Empty);
        }

        using var unknown = Harness.Aws(server.BaseAddress, "SendTextMessage", """{"DestinationPhoneNumber":"+14155550123","MessageBody":"hi"}""", DateTimeOffset.UtcNow, accessKey: "AKIDUNKNOWN");
        using var refused = await Http.SendAsync(unknown);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refused.Headers.GetValues("X-Amzn-ErrorType").Single(), Is.EqualTo("UnrecognizedClientException"));
    }

    [TestCase("""{"DestinationPhoneNumber":"12ab","MessageBody":"hi"}""", "DestinationPhoneNumber")]
    [TestCase("""{"DestinationPhoneNumber":"+14155550123","MessageBody":"   "}""", "MessageBody")]
    [TestCase("""{"DestinationPhoneNumber":"+14155550123","MessageBody":"hi","TimeToLive":4}""", "TimeToLive")]
    [TestCase("""{"DestinationPhoneNumber":"+14155550123","MessageBody":"hi","MaxPrice":"1.2.3"}""", "MaxPrice")]
    [TestCase("""{"DestinationPhoneNumber":"+14155550123","MessageBody":"hi","MessageType":"URGENT"}""", "MessageType")]
    [TestCase("""{"DestinationPhoneNumber":"+14155550123","MessageBody":"hi","Context":{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6"}}""", "Context")]
    public async Task Invalid_fields_get_a_validation_exception_with_reason_and_fields(string json, string field)
    {
        await using var server = await SandboxServer.StartAsync();
        using var request = Harness.Aws(server.BaseAddress, "SendTextMessage", json, DateTimeOffset.UtcNow);

        using var response = await Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.GetValues("X-Amzn-ErrorType").Single(), Is.EqualTo("ValidationException"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.That(root.GetProperty("__type").GetString(), Does.EndWith("#ValidationException"));
        Assert.That(root.GetProperty("Reason").GetString(), Is.EqualTo("FIELD_VALIDATION_FAILED"));
        Assert.That(root.GetProperty("Fields").EnumerateArray().Select(f => f.GetProperty("Name").GetString()), Does.Contain(field));
    }

    [Test]
    public async Task Opted_out_number_gets_a_conflict_exception()
    {
        await using var server = await SandboxServer.StartAsync();
        server.State.OptOut(SandboxProvider.Aws, Harness.Customer);
        using var request = Harness.Aws(server.BaseAddress, "SendTextMessage", """{"DestinationPhoneNumber":"+14155550123","MessageBody":"hi"}""", DateTimeOffset.UtcNow);

        using var response = await Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("__type").GetString(), Does.EndWith("#ConflictException"));
        Assert.That(body.RootElement.GetProperty("Reason").GetString(), Is.EqualTo("DESTINATION_PHONE_NUMBER_OPTED_OUT"));
    }

    [Test]
    public async Task Opt_out_list_operations_round_trip()
    {
        await using var server = await SandboxServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        using (var put = await Http.SendAsync(Harness.Aws(server.BaseAddress, "PutOptedOutNumber", """{"OptOutListName":"Default","OptedOutNumber":"+14155550123"}""", now)))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var describe = await Http.SendAsync(Harness.Aws(server.BaseAddress, "DescribeOptedOutNumbers", """{"OptOutListName":"Default"}""", now)))
        {
            using var body = JsonDocument.Parse(await describe.Content.ReadAsStringAsync());
            Assert.That(body.RootElement.GetProperty("OptedOutNumbers")[0].GetProperty("OptedOutNumber").GetString(), Is.EqualTo("+14155550123"));
        }

        using (var delete = await Http.SendAsync(Harness.Aws(server.BaseAddress, "DeleteOptedOutNumber", """{"OptOutListName":"Default","OptedOutNumber":"+14155550123"}""", now)))
        {
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(server.State.IsOptedOut(SandboxProvider.Aws, "+14155550123"), Is.False);
        using var pools = await Http.SendAsync(Harness.Aws(server.BaseAddress, "DescribePools", "{}", now));
        Assert.That(await pools.Content.ReadAsStringAsync(), Does.Contain(SandboxState.PoolId));
        using var limits = await Http.SendAsync(Harness.Aws(server.BaseAddress, "DescribeSpendLimits", "{}", now));
        Assert.That(await limits.Content.ReadAsStringAsync(), Does.Contain("TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"));
    }

    [Test]
    public async Task Wrong_twilio_auth_gets_20003()
    {
        await using var server = await SandboxServer.StartAsync();
        using var request = Harness.TwilioSend(server.BaseAddress, [new("To", "whatsapp:+14155550123"), new("From", SandboxOptions.DefaultWhatsAppFrom), new("Body", "hi")], token: "wrong");

        using var response = await Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("code").GetInt32(), Is.EqualTo(20003));
        Assert.That(body.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(401));
        Assert.That(body.RootElement.GetProperty("more_info").GetString(), Is.EqualTo("https://www.twilio.com/docs/errors/20003"));
    }

    [TestCase("whatsapp:12345", 21211)]
    [TestCase("whatsapp:+15005550001", 21211)]
    [TestCase("whatsapp:+15005550004", 21610)]
    [TestCase("whatsapp:+15005550009", 21614)]
    [TestCase("whatsapp:+14155550123", 63016)]
    public async Task Twilio_refuses_with_its_error_json(string to, int code)
    {
        await using var server = await SandboxServer.StartAsync();
        using var request = Harness.TwilioSend(server.BaseAddress, [new("To", to), new("From", SandboxOptions.DefaultWhatsAppFrom), new("Body", "hi")]);

        using var response = await Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("code").GetInt32(), Is.EqualTo(code));
    }

    [Test]
    public async Task Twilio_accepts_after_an_inbound_opens_the_window_and_answers_the_message_resource()
    {
        await using var server = await SandboxServer.StartAsync();
        await server.State.InjectInboundAsync(MessagingPlatform.WhatsApp, Harness.Customer, "hi");
        using var request = Harness.TwilioSend(server.BaseAddress, [new("To", "whatsapp:+14155550123"), new("From", SandboxOptions.DefaultWhatsAppFrom), new("Body", "hi")]);

        using var response = await Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("sid").GetString(), Does.Match("^SM[0-9a-f]{32}$"));
        Assert.That(body.RootElement.GetProperty("status").GetString(), Is.EqualTo("queued"));
        Assert.That(body.RootElement.GetProperty("to").GetString(), Is.EqualTo("whatsapp:+14155550123"));
    }

    [Test]
    public async Task Throttling_fault_answers_20429_with_429()
    {
        await using var server = await SandboxServer.StartAsync();
        server.State.Faults.Twilio.ThrottlingRate = 1;
        using var request = Harness.TwilioSend(server.BaseAddress, [new("To", "whatsapp:+14155550123"), new("From", SandboxOptions.DefaultWhatsAppFrom), new("Body", "hi")]);

        using var response = await Http.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(429));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("code").GetInt32(), Is.EqualTo(20429));
    }

    [TestCase("+15005550001", 21212)]
    [TestCase("+15005550007", 21606)]
    [TestCase("+15005550008", 21611)]
    public async Task Twilio_magic_from_numbers_fail_as_documented(string from, int code)
    {
        await using var server = await SandboxServer.StartAsync();
        using var request = Harness.TwilioSend(server.BaseAddress, [new("To", "+14155550123"), new("From", from), new("Body", "hi")]);

        using var response = await Http.SendAsync(request);

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("code").GetInt32(), Is.EqualTo(code));
    }

    [Test]
    public async Task Permissive_mode_accepts_credentials_the_sandbox_cannot_know_and_strict_mode_refuses_them()
    {
        const string HostAccount = "AC0123456789abcdef0123456789abcdef";
        await using var permissive = await SandboxServer.StartAsync();
        using (var request = Harness.TwilioSend(permissive.BaseAddress, [new("To", "+14155550123"), new("From", "+15005550006"), new("Body", "hi")], HostAccount, "the-hosts-real-token"))
        using (var response = await Http.SendAsync(request))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.That(body.RootElement.GetProperty("account_sid").GetString(), Is.EqualTo(HostAccount));
        }

        await using var strict = await SandboxServer.StartAsync(new SandboxOptions { Strict = true });
        using var refused = await Http.SendAsync(Harness.TwilioSend(strict.BaseAddress, [new("To", "+14155550123"), new("From", "+15005550006"), new("Body", "hi")], HostAccount, "the-hosts-real-token"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
