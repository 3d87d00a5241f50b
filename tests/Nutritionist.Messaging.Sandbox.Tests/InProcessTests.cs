using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Sandbox.Internal;

namespace Nutritionist.Messaging.Sandbox.Tests;

public class InProcessTests
{
    [Test]
    public async Task Sms_is_signed_by_the_provider_verified_accepted_and_delivered()
    {
        var clock = Harness.Clock();
        await using var services = Harness.InProcess(clock);
        var client = services.GetRequiredService<IMessagingClient>();
        var state = services.GetRequiredService<SandboxState>();

        var result = await client.SendAsync(MessagingPlatform.Sms, Harness.Customer, "Your meal plan is ready!");

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted), result.Error?.Message);
        var sent = state.FindMessage(result.MessageId!);
        Assert.That(sent, Is.Not.Null);
        Assert.That(sent!.Provider, Is.EqualTo(SandboxProvider.Aws));
        Assert.That(sent.To, Is.EqualTo(Harness.Customer));
        Assert.That(sent.Body, Is.EqualTo("Your meal plan is ready!"));

        var tracker = services.GetRequiredService<IDeliveryTracker>();
        clock.Advance(TimeSpan.FromSeconds(1));
        await state.WhenIdleAsync();
        Assert.That((await tracker.GetAsync(result.MessageId!))!.Status, Is.Not.EqualTo(DeliveryStatus.Delivered));

        clock.Advance(TimeSpan.FromSeconds(1));
        await state.WhenIdleAsync();
        var record = await tracker.GetAsync(result.MessageId!);
        Assert.That(record!.Status, Is.EqualTo(DeliveryStatus.Delivered));
        var evt = state.DeliveryEvents.Single();
        Assert.That(evt.Update.ProviderStatus, Is.EqualTo("TEXT_DELIVERED"));
        Assert.That(evt.Payload, Does.Contain("\"eventType\":\"TEXT_DELIVERED\""));
    }

    [Test]
    public async Task Aws_failure_simulator_number_ends_undelivered()
    {
        var clock = Harness.Clock();
        await using var services = Harness.InProcess(clock);
        var state = services.GetRequiredService<SandboxState>();

        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.Sms, AwsSimulatorNumbers.UnitedStatesFailure, "hi");
        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted), result.Error?.Message);

        clock.Advance(TimeSpan.FromSeconds(2));
        await state.WhenIdleAsync();
        var record = await services.GetRequiredService<IDeliveryTracker>().GetAsync(result.MessageId!);
        Assert.That(record!.Status, Is.EqualTo(DeliveryStatus.Undelivered));
        Assert.That(record.ErrorCode, Is.EqualTo("CARRIER_UNREACHABLE"));
    }

    [Test]
    public async Task WhatsApp_free_form_is_refused_until_an_injected_inbound_opens_the_window()
    {
        var clock = Harness.Clock();
        await using var services = Harness.InProcess(clock);
        var client = services.GetRequiredService<IMessagingClient>();
        var state = services.GetRequiredService<SandboxState>();

        var closed = await client.SendAsync(MessagingPlatform.WhatsApp, Harness.Customer, "Hello");
        Assert.That(closed.Error?.Code, Is.EqualTo(MessagingErrorCode.SessionWindowClosed));

        await state.InjectInboundAsync(MessagingPlatform.WhatsApp, Harness.Customer, "Hi coach");
        Assert.That(state.IsWhatsAppWindowOpen(Harness.Customer), Is.True);

        var open = await client.SendAsync(MessagingPlatform.WhatsApp, Harness.Customer, "Hello");
        Assert.That(open.Status, Is.EqualTo(SendStatus.Accepted), open.Error?.Message);
        Assert.That(open.MessageId, Does.Match("^SM[0-9a-f]{32}$"));

        clock.Advance(TimeSpan.FromSeconds(2));
        await state.WhenIdleAsync();
        Assert.That((await services.GetRequiredService<IDeliveryTracker>().GetAsync(open.MessageId!))!.Status, Is.EqualTo(DeliveryStatus.Delivered));
        Assert.That(state.DeliveryEvents.Select(e => e.Update.ProviderStatus), Is.EqualTo(new[] { "sent", "delivered" }));
    }

    [Test]
    public async Task WhatsApp_template_goes_outside_the_window()
    {
        var clock = Harness.Clock();
        await using var services = Harness.InProcess(clock);
        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(new OutboundMessage(Harness.Customer)
        {
            Platform = MessagingPlatform.WhatsApp,
            Template = new WhatsAppTemplate(SandboxState.ApprovedTemplateSid, new Dictionary<string, string> { ["1"] = "Ana" }),
        });

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted), result.Error?.Message);
        var sent = services.GetRequiredService<SandboxState>().FindMessage(result.MessageId!);
        Assert.That(sent!.ContentSid, Is.EqualTo(SandboxState.ApprovedTemplateSid));
        Assert.That(sent.ContentVariables, Does.Contain("Ana"));
    }

    [Test]
    public async Task Inbound_stop_opts_out_and_the_next_sms_is_blocked()
    {
        var clock = Harness.Clock();
        await using var services = Harness.InProcess(clock);
        var state = services.GetRequiredService<SandboxState>();

        var inbound = await state.InjectInboundAsync(MessagingPlatform.Sms, Harness.Customer, "STOP");

        Assert.That(inbound, Is.Not.Null);
        Assert.That(state.IsOptedOut(SandboxProvider.Aws, Harness.Customer), Is.True);
        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.Sms, Harness.Customer, "More tips");
        Assert.That(result.Error?.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
    }

    [Test]
    public async Task Aws_opt_out_list_refuses_with_conflict_mapped_to_opted_out()
    {
        var clock = Harness.Clock();
        await using var services = Harness.InProcess(clock);
        var state = services.GetRequiredService<SandboxState>();
        state.OptOut(SandboxProvider.Aws, Harness.Customer);

        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(MessagingPlatform.Sms, Harness.Customer, "Hello");

        Assert.That(result.Status, Is.Not.EqualTo(SendStatus.Accepted));
        Assert.That(result.Error?.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(result.Error?.ProviderCode, Does.Contain("DESTINATION_PHONE_NUMBER_OPTED_OUT").Or.Contain("ConflictException"));
    }

    [Test]
    public async Task Faults_produce_throttling_and_server_errors()
    {
        var clock = Harness.Clock();

        // One attempt: the router's retry backoff runs on the fake clock, which this test does not advance.
        await using var services = Harness.InProcess(clock, messaging: o => o.Retry.MaxAttempts = 1);
        var state = services.GetRequiredService<SandboxState>();
        var client = services.GetRequiredService<IMessagingClient>();

        state.Faults.Aws.ThrottlingRate = 1;
        var throttled = await client.SendAsync(MessagingPlatform.Sms, Harness.Customer, "Hello");
        Assert.That(throttled.Error?.Code, Is.EqualTo(MessagingErrorCode.Throttled));

        state.Faults.Reset();
        state.Faults.Twilio.ServerErrorRate = 1;
        await state.InjectInboundAsync(MessagingPlatform.WhatsApp, Harness.Customer, "hi");
        var failed = await client.SendAsync(MessagingPlatform.WhatsApp, Harness.Customer, "Hello");
        Assert.That(failed.Error?.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));

        state.Faults.Reset();
        var ok = await client.SendAsync(MessagingPlatform.Sms, Harness.Customer, "Hello");
        Assert.That(ok.Status, Is.EqualTo(SendStatus.Accepted), ok.Error?.Message);
    }

    [Test]
    public async Task Template_catalog_and_business_profile_work_against_the_sandbox()
    {
        var clock = Harness.Clock();
        await using var services = Harness.InProcess(clock);

        var templates = await services.GetRequiredService<IWhatsAppTemplateCatalog>().ListAsync();
        Assert.That(templates.Select(t => t.Sid), Is.EquivalentTo(new[] { SandboxState.ApprovedTemplateSid, SandboxState.PendingTemplateSid }));
        Assert.That(templates.Single(t => t.Sid == SandboxState.ApprovedTemplateSid).IsApprovedForWhatsApp, Is.True);
        Assert.That(templates.Single(t => t.Sid == SandboxState.PendingTemplateSid).WhatsAppApprovalStatus, Is.EqualTo("pending"));

        var profiles = services.GetRequiredService<IWhatsAppBusinessProfile>();
        var profile = await profiles.GetAsync();
        Assert.That(profile.SenderSid, Is.EqualTo(SandboxState.WhatsAppSenderSid));
        await profiles.UpdateAsync(new WhatsAppBusinessProfile { About = "New about" });
        Assert.That((await profiles.GetAsync()).About, Is.EqualTo("New about"));
    }
}
