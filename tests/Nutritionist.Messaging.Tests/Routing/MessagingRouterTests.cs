using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Routing;

public class MessagingRouterTests
{
    private MessagingHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new MessagingHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    public async Task A_national_number_is_normalised_and_routed_to_the_sms_provider()
    {
        var result = await _harness.Client.SendAsync(MessagingPlatform.Sms, "(201) 555-0123", "Your meal plan is ready!");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That(result.IsSuccess, Is.True);
            Assert.That(result.MessageId, Is.EqualTo("sms-1"));
            Assert.That(result.Recipient, Is.EqualTo("+12015550123"));
            Assert.That(result.Platform, Is.EqualTo(MessagingPlatform.Sms));
            Assert.That(result.ProviderName, Is.EqualTo("fake-sms"));
            Assert.That(result.OriginationIdentity, Is.EqualTo("pool-test"));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(result.Error, Is.Null);
        });
        Assert.That(_harness.Sms.Sent.Single().To, Is.EqualTo("+12015550123"));
        Assert.That(_harness.Sms.Sent.Single().RegionCode, Is.EqualTo("US"));
        Assert.That(_harness.WhatsApp.Calls, Is.Zero);
    }

    [Test]
    public async Task WhatsApp_messages_go_to_the_whatsapp_provider_with_everything_the_caller_set()
    {
        var callback = new Uri("https://example.test/status");
        var result = await _harness.Client.SendAsync(new OutboundMessage("whatsapp:+44 7400 123456", "Hi")
        {
            Platform = MessagingPlatform.WhatsApp,
            ClientReference = "plan-42",
            StatusCallback = callback,
            MediaUrls = [new Uri("https://example.test/plan.png")],
        });

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(result.ClientReference, Is.EqualTo("plan-42"));
        var sent = _harness.WhatsApp.Sent.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.To, Is.EqualTo("+447400123456"));
            Assert.That(sent.Body, Is.EqualTo("Hi"));
            Assert.That(sent.ClientReference, Is.EqualTo("plan-42"));
            Assert.That(sent.StatusCallback, Is.EqualTo(callback));
            Assert.That(sent.MediaUrls, Has.Count.EqualTo(1));
            Assert.That(sent.RegionCode, Is.EqualTo("GB"));
        });
    }

    [Test]
    public async Task The_default_platform_is_used_when_the_message_names_none()
    {
        using var harness = new MessagingHarness(o => o.DefaultPlatform = MessagingPlatform.WhatsApp);

        var result = await harness.Client.SendAsync(new OutboundMessage("+12015550123", "Hi"));

        Assert.That(result.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
        Assert.That(harness.WhatsApp.Calls, Is.EqualTo(1));
        Assert.That(harness.Sms.Calls, Is.Zero);
    }

    [TestCase("not a number")]
    [TestCase("+1 201")]
    [TestCase("")]
    public async Task An_invalid_recipient_is_rejected_without_a_provider_call(string to)
    {
        var result = await _harness.Client.SendAsync(MessagingPlatform.Sms, to, "Hi");

        Assert.That(result.Status, Is.EqualTo(SendStatus.Rejected));
        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.InvalidRecipient));
        Assert.That(result.Error.Message, Is.Not.Empty);
        Assert.That(result.Attempts, Is.Zero);
        Assert.That(_harness.Sms.Calls, Is.Zero);
    }

    [Test]
    public async Task A_fixed_line_is_rejected_for_sms_unless_allowed_and_accepted_for_whatsapp()
    {
        var sms = await _harness.Client.SendAsync(MessagingPlatform.Sms, "+44 121 234 5678", "Hi");
        Assert.That(sms.Status, Is.EqualTo(SendStatus.Rejected));
        Assert.That(sms.Error!.Code, Is.EqualTo(MessagingErrorCode.InvalidRecipient));
        Assert.That(sms.Error.Message, Does.Contain("FixedLine").And.Contain("AllowFixedLineSms"));

        using var allowing = new MessagingHarness(o => o.AllowFixedLineSms = true);
        var allowed = await allowing.Client.SendAsync(MessagingPlatform.Sms, "+44 121 234 5678", "Hi");
        Assert.That(allowed.Status, Is.EqualTo(SendStatus.Accepted));
    }

    [Test]
    public async Task The_opt_out_gate_blocks_without_calling_the_provider_and_opting_in_restores_sending()
    {
        await _harness.OptOuts.OptOutAsync("+12015550123", MessagingPlatform.Sms);

        var blocked = await _harness.Client.SendAsync(MessagingPlatform.Sms, "(201) 555-0123", "Hi");
        var otherPlatform = await _harness.Client.SendAsync(MessagingPlatform.WhatsApp, "(201) 555-0123", "Hi");

        Assert.That(blocked.Status, Is.EqualTo(SendStatus.Rejected));
        Assert.That(blocked.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(_harness.Sms.Calls, Is.Zero);
        Assert.That(otherPlatform.Status, Is.EqualTo(SendStatus.Accepted), "an SMS opt-out leaves WhatsApp alone");

        await _harness.OptOuts.OptInAsync("+12015550123", MessagingPlatform.Sms);
        var restored = await _harness.Client.SendAsync(MessagingPlatform.Sms, "(201) 555-0123", "Hi");
        Assert.That(restored.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(_harness.Sms.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task An_opt_out_for_all_platforms_blocks_every_platform()
    {
        await _harness.OptOuts.OptOutAsync("+12015550123");

        var sms = await _harness.Client.SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi");
        var whatsApp = await _harness.Client.SendAsync(MessagingPlatform.WhatsApp, "+12015550123", "Hi");

        Assert.That(sms.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(whatsApp.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(_harness.Sms.Calls + _harness.WhatsApp.Calls, Is.Zero);
    }

    [Test]
    public async Task A_provider_opt_out_error_is_recorded_so_the_next_send_is_blocked_before_the_provider()
    {
        _harness.Sms.OnSend = (_, _) => throw new MessagingException(MessagingErrorCode.OptedOut, "DESTINATION_PHONE_NUMBER_OPTED_OUT", "ConflictException", 400);

        var first = await _harness.Client.SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi");
        var second = await _harness.Client.SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi");

        Assert.That(first.Error!.ProviderCode, Is.EqualTo("ConflictException"));
        Assert.That(second.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(second.Error.ProviderCode, Is.Null, "refused by the gate, not the provider");
        Assert.That(_harness.Sms.Calls, Is.EqualTo(1));
        Assert.That(await _harness.OptOuts.IsOptedOutAsync("+12015550123", MessagingPlatform.Sms), Is.True);
    }

    [TestCase(MessagingErrorCode.InvalidRecipient, false, SendStatus.Rejected)]
    [TestCase(MessagingErrorCode.InvalidMessage, false, SendStatus.Rejected)]
    [TestCase(MessagingErrorCode.OptedOut, false, SendStatus.Rejected)]
    [TestCase(MessagingErrorCode.SessionWindowClosed, false, SendStatus.Rejected)]
    [TestCase(MessagingErrorCode.PriceOverThreshold, false, SendStatus.Rejected)]
    [TestCase(MessagingErrorCode.Throttled, false, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.QuotaExceeded, false, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.AuthenticationFailed, false, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.AccessDenied, false, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.ProviderUnavailable, false, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.ProviderUnavailable, true, SendStatus.Unknown)]
    [TestCase(MessagingErrorCode.NotConfigured, false, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.Unknown, false, SendStatus.Failed)]
    [TestCase(MessagingErrorCode.Unknown, true, SendStatus.Unknown)]
    public async Task Every_provider_error_code_becomes_the_right_status(MessagingErrorCode code, bool mayHaveBeenSent, SendStatus expected)
    {
        var inner = new HttpRequestException("boom");
        _harness.WhatsApp.OnSend = (_, _) => throw new MessagingException(code, "provider said no", "P-1", 400, isTransient: code == MessagingErrorCode.Throttled, inner)
        {
            MayHaveBeenSent = mayHaveBeenSent,
        };

        var result = await _harness.Client.SendAsync(MessagingPlatform.WhatsApp, "+12015550123", "Hi");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(expected));
            Assert.That(result.IsSuccess, Is.False);
            Assert.That(result.Error!.Code, Is.EqualTo(code));
            Assert.That(result.Error.ProviderCode, Is.EqualTo("P-1"));
            Assert.That(result.Error.Message, Is.EqualTo("provider said no"));
            Assert.That(result.Error.IsTransient, Is.EqualTo(code == MessagingErrorCode.Throttled));
            Assert.That(result.Error.Exception, Is.InstanceOf<MessagingException>());
            Assert.That(result.ProviderName, Is.EqualTo("fake-whatsapp"));
            Assert.That(result.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Every_error_code_is_covered_by_the_status_table()
    {
        // Guards the table above: a new code must be given a status on purpose.
        var covered = typeof(MessagingRouterTests).GetMethod(nameof(Every_provider_error_code_becomes_the_right_status))!
            .GetCustomAttributes(typeof(TestCaseAttribute), false).Cast<TestCaseAttribute>()
            .Select(a => (MessagingErrorCode)a.Arguments[0]!).ToHashSet();
        Assert.That(covered, Is.EquivalentTo(Enum.GetValues<MessagingErrorCode>()));
        await Task.CompletedTask;
    }

    [Test]
    public async Task A_provider_that_throws_something_unexpected_gives_an_unknown_result_not_an_exception()
    {
        _harness.Sms.OnSend = (_, _) => throw new InvalidOperationException("bug in provider");

        var result = await _harness.Client.SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi");

        Assert.That(result.Status, Is.EqualTo(SendStatus.Unknown));
        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.Unknown));
        Assert.That(result.Error.Message, Does.Contain("InvalidOperationException"));
        Assert.That(result.Error.Exception, Is.InstanceOf<InvalidOperationException>());
    }

    [Test]
    public async Task A_provider_timeout_that_is_not_the_callers_cancellation_is_an_unknown_result()
    {
        _harness.Sms.OnSend = (_, _) => throw new TaskCanceledException("HttpClient.Timeout of 100 seconds elapsed");

        var result = await _harness.Client.SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi");

        Assert.That(result.Status, Is.EqualTo(SendStatus.Unknown));
    }

    [Test]
    public void Cancellation_by_the_caller_propagates()
    {
        using var cts = new CancellationTokenSource();
        _harness.Sms.OnSend = async (_, token) =>
        {
            await cts.CancelAsync();
            token.ThrowIfCancellationRequested();
            return new ProviderReceipt("never");
        };

        Assert.That(
            async () => await _harness.Client.SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi", cts.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void An_already_cancelled_token_throws_before_anything_happens()
    {
        Assert.That(
            async () => await _harness.Client.SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi", new CancellationToken(canceled: true)),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_harness.Sms.Calls, Is.Zero);
    }

    [Test]
    public async Task No_provider_for_the_platform_gives_NotConfigured_naming_the_registration_method()
    {
        using var smsOnly = new MessagingHarness(whatsApp: false);
        using var whatsAppOnly = new MessagingHarness(sms: false);

        var noWhatsApp = await smsOnly.Client.SendAsync(MessagingPlatform.WhatsApp, "+12015550123", "Hi");
        var noSms = await whatsAppOnly.Client.SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi");

        Assert.That(noWhatsApp.Status, Is.EqualTo(SendStatus.Failed));
        Assert.That(noWhatsApp.Error!.Code, Is.EqualTo(MessagingErrorCode.NotConfigured));
        Assert.That(noWhatsApp.Error.Message, Does.Contain("AddTwilioWhatsApp"));
        Assert.That(noSms.Error!.Code, Is.EqualTo(MessagingErrorCode.NotConfigured));
        Assert.That(noSms.Error.Message, Does.Contain("AddAwsSms"));
    }

    [Test]
    public void EnsureSuccess_throws_a_MessagingException_carrying_the_error()
    {
        var failed = new SendResult
        {
            Status = SendStatus.Unknown,
            Platform = MessagingPlatform.Sms,
            Error = new MessagingError(MessagingErrorCode.ProviderUnavailable, "timed out", "Timeout", isTransient: true),
        };
        var accepted = new SendResult { Status = SendStatus.Accepted, Platform = MessagingPlatform.Sms, MessageId = "m-1" };

        var e = Assert.Throws<MessagingException>(() => failed.EnsureSuccess())!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(e.Message, Is.EqualTo("timed out"));
            Assert.That(e.ProviderCode, Is.EqualTo("Timeout"));
            Assert.That(e.IsTransient, Is.True);
            Assert.That(e.MayHaveBeenSent, Is.True);
        });
        Assert.That(accepted.EnsureSuccess(), Is.SameAs(accepted));
    }

    [Test]
    public void Null_arguments_throw_ArgumentNullException()
    {
        IMessagingClient client = _harness.Client;
        Assert.Multiple(() =>
        {
            Assert.That(() => client.SendAsync(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("message"));
            Assert.That(() => client.SendAsync(MessagingPlatform.Sms, null!, "Hi"), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("to"));
            Assert.That(() => client.SendAsync(MessagingPlatform.Sms, "+12015550123", null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("message"));
            Assert.That(() => ((IMessagingClient)null!).SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi"), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("client"));
            Assert.That(() => new OutboundMessage(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("to"));
        });
    }
}
