using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>Origination failover across three identities, with the cool-down driven by a fake clock.</summary>
public sealed class FailoverTests
{
    private const string PoolA = "pool-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string PoolB = "pool-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string Number = "+12065550100";

    [Test]
    public async Task Fails_over_in_order_and_skips_failed_identities_until_the_cool_down_ends()
    {
        var broken = new HashSet<string> { PoolA, PoolB };
        var (client, handler, time) = TestAws.Client(r =>
        {
            var identity = IdentityOf(r);
            return identity == PoolA
                ? TestAws.Error(HttpStatusCode.NotFound, "ResourceNotFoundException", "Pool not found", extra: $",\"ResourceType\":\"pool\",\"ResourceId\":\"{PoolA}\"")
                : identity == PoolB && broken.Contains(PoolB)
                    ? TestAws.Error(HttpStatusCode.BadRequest, "ConflictException", "The pool is not active", "RESOURCE_NOT_ACTIVE")
                    : TestAws.Json($$"""{"MessageId":"sent-by-{{identity}}"}""");
        });
        var provider = TestAws.Provider(client, Options(TimeSpan.FromMinutes(5)), time);

        var first = await provider.SendAsync(new SmsMessage("+14155552671", "one") { RegionCode = "US" });
        Assert.That(first.OriginationIdentity, Is.EqualTo(Number));
        Assert.That(first.MessageId, Is.EqualTo("sent-by-" + Number));
        Assert.That(Identities(handler), Is.EqualTo(new[] { PoolA, PoolB, Number }));

        // Within the cool-down, the failed identities are not tried.
        handler.Requests.Clear();
        time.Advance(TimeSpan.FromMinutes(4));
        var second = await provider.SendAsync(new SmsMessage("+14155552672", "two") { RegionCode = "US" });
        Assert.That(second.OriginationIdentity, Is.EqualTo(Number));
        Assert.That(Identities(handler), Is.EqualTo(new[] { Number }));

        // After it, they are tried again in order; pool B has recovered meanwhile.
        broken.Remove(PoolB);
        handler.Requests.Clear();
        time.Advance(TimeSpan.FromMinutes(2));
        var third = await provider.SendAsync(new SmsMessage("+14155552673", "three") { RegionCode = "US" });
        Assert.That(third.OriginationIdentity, Is.EqualTo(PoolB));
        Assert.That(Identities(handler), Is.EqualTo(new[] { PoolA, PoolB }));
    }

    [Test]
    public async Task A_country_specific_failure_cools_the_identity_down_for_that_country_only()
    {
        var (client, handler, time) = TestAws.Client(r =>
        {
            var (identity, to) = (IdentityOf(r), DestinationOf(r));
            return identity == PoolA && to.StartsWith("+44", StringComparison.Ordinal)
                ? TestAws.Error(HttpStatusCode.BadRequest, "ValidationException", "The origination identity cannot send to GB", "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY")
                : TestAws.Json($$"""{"MessageId":"m-{{identity}}"}""");
        });
        var provider = TestAws.Provider(client, Options(TimeSpan.FromMinutes(5)), time);

        var gb = await provider.SendAsync(new SmsMessage("+447700900123", "hello") { RegionCode = "GB" });
        Assert.That(gb.OriginationIdentity, Is.EqualTo(PoolB));

        handler.Requests.Clear();
        var us = await provider.SendAsync(new SmsMessage("+14155552671", "hello") { RegionCode = "US" });
        Assert.That(us.OriginationIdentity, Is.EqualTo(PoolA), "pool A still serves the US");

        handler.Requests.Clear();
        await provider.SendAsync(new SmsMessage("+447700900124", "hello") { RegionCode = "GB" });
        Assert.That(Identities(handler), Is.EqualTo(new[] { PoolB }), "pool A is skipped for GB during the cool-down");
    }

    [Test]
    public async Task Country_override_goes_first()
    {
        var (client, handler, time) = TestAws.Client(r => TestAws.Json($$"""{"MessageId":"m-{{IdentityOf(r)}}"}"""));
        var options = Options(TimeSpan.FromMinutes(5));
        options.OriginationIdentitiesByCountry["gb"] = "NutriCoach";
        var provider = TestAws.Provider(client, options, time);

        var gb = await provider.SendAsync(new SmsMessage("+447700900123", "hello") { RegionCode = "GB" });
        var us = await provider.SendAsync(new SmsMessage("+14155552671", "hello") { RegionCode = "US" });

        Assert.That(gb.OriginationIdentity, Is.EqualTo("NutriCoach"));
        Assert.That(us.OriginationIdentity, Is.EqualTo(PoolA));
    }

    [Test]
    public void Exhausted_failover_reports_the_last_error()
    {
        var (client, handler, time) = TestAws.Client(_ => TestAws.Error(HttpStatusCode.BadRequest, "ConflictException", "No origination identities found", "NO_ORIGINATION_IDENTITIES_FOUND"));
        var provider = TestAws.Provider(client, Options(TimeSpan.FromMinutes(5)), time);

        var e = Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new SmsMessage("+14155552671", "hi")));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.NotConfigured));
        Assert.That(e.ProviderCode, Is.EqualTo("ConflictException/NO_ORIGINATION_IDENTITIES_FOUND"));
        Assert.That(handler.Requests, Has.Count.EqualTo(3));

        // All three are cooling down now; a new send still tries them (in order) rather than refusing.
        handler.Requests.Clear();
        Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new SmsMessage("+14155552671", "hi")));
        Assert.That(Identities(handler), Is.EqualTo(new[] { PoolA, PoolB, Number }));
    }

    [TestCase(HttpStatusCode.BadRequest, "ThrottlingException", null)]
    [TestCase(HttpStatusCode.InternalServerError, "InternalServerException", null)]
    [TestCase(HttpStatusCode.BadRequest, "ConflictException", "DESTINATION_PHONE_NUMBER_OPTED_OUT")]
    [TestCase(HttpStatusCode.BadRequest, "ValidationException", "PRICE_OVER_THRESHOLD")]
    public void Errors_not_tied_to_the_identity_do_not_fail_over(HttpStatusCode status, string type, string? reason)
    {
        var (client, handler, time) = TestAws.Client(_ => TestAws.Error(status, type, "no", reason));
        var provider = TestAws.Provider(client, Options(TimeSpan.FromMinutes(5)), time);

        Assert.ThrowsAsync<MessagingException>(() => provider.SendAsync(new SmsMessage("+14155552671", "hi")));
        Assert.That(handler.Requests, Has.Count.EqualTo(1), "a send that may have gone out, or failed for the message's sake, is never repeated");
    }

    [Test]
    public async Task Without_identities_AWS_picks_one()
    {
        var (client, handler, time) = TestAws.Client(_ => TestAws.Json("""{"MessageId":"m"}"""));
        var provider = TestAws.Provider(client, new AwsSmsOptions(), time);

        var receipt = await provider.SendAsync(new SmsMessage("+14155552671", "hi"));

        Assert.That(receipt.OriginationIdentity, Is.Null);
        Assert.That(handler.Requests.Single().BodyText, Does.Not.Contain("OriginationIdentity"));
    }

    private static AwsSmsOptions Options(TimeSpan cooldown) => new()
    {
        OriginationIdentities = [PoolA, PoolB, Number],
        FailoverCooldown = cooldown,
    };

    private static string IdentityOf(RecordedRequest request)
    {
        using var body = JsonDocument.Parse(request.BodyText);
        return body.RootElement.TryGetProperty("OriginationIdentity", out var identity) ? identity.GetString()! : "(none)";
    }

    private static string DestinationOf(RecordedRequest request)
    {
        using var body = JsonDocument.Parse(request.BodyText);
        return body.RootElement.GetProperty("DestinationPhoneNumber").GetString()!;
    }

    private static string[] Identities(StubHttpHandler handler) => handler.Requests.Select(IdentityOf).ToArray();
}
