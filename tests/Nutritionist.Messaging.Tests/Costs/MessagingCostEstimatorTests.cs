using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Costs;
using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Tests.Costs;

public sealed class MessagingCostEstimatorTests
{
    private const string Gsm7OneSegment = "Your appointment is at 10:00 tomorrow. Reply C to confirm.";
    private static readonly string Gsm7TwoSegments = new('a', 161);
    private static readonly string Gsm7WithEscapes = new string('a', 152) + "€"; // 154 septets: still one 160-septet segment
    private static readonly string Ucs2OneSegment = "Olá! Sua consulta é amanhã às 10h 😀";
    private static readonly string Ucs2ThreeSegments = new string('ж', 134) + "😀";

    private static MessagingCostOptions TestPrices() => new()
    {
        Currency = "EUR",
        SmsPricePerSegment = new() { ["*"] = 0.10m, ["US"] = 0.01m, ["GB"] = 0.04m, ["BR"] = 0.05m, ["IN"] = 0.002m },
        MmsPricePerMessage = new() { ["*"] = 0.30m, ["US"] = 0.02m },
        WhatsAppPricePerMessage = new() { ["*"] = 0.07m, ["BR"] = 0.06m },
        WhatsAppPricePerConversation = new() { ["*"] = 0.09m, ["BR"] = 0.08m },
    };

    private static MessagingCostEstimator Estimator(MessagingCostOptions? options = null) => new(Options.Create(options ?? TestPrices()));

    public static IEnumerable<TestCaseData> MixedSmsBatch()
    {
        yield return new TestCaseData("US", Gsm7OneSegment, SmsEncoding.Gsm7, 1, 0.01m, MessagePriceSource.Region).SetName("Sms_US_Gsm7_1");
        yield return new TestCaseData("US", Gsm7TwoSegments, SmsEncoding.Gsm7, 2, 0.02m, MessagePriceSource.Region).SetName("Sms_US_Gsm7_2");
        yield return new TestCaseData("GB", Gsm7WithEscapes, SmsEncoding.Gsm7, 1, 0.04m, MessagePriceSource.Region).SetName("Sms_GB_Gsm7Escapes_1");
        yield return new TestCaseData("gb", Gsm7TwoSegments, SmsEncoding.Gsm7, 2, 0.08m, MessagePriceSource.Region).SetName("Sms_gb_LowerCaseRegion");
        yield return new TestCaseData("BR", Ucs2OneSegment, SmsEncoding.Ucs2, 1, 0.05m, MessagePriceSource.Region).SetName("Sms_BR_Ucs2_1");
        yield return new TestCaseData("BR", Ucs2ThreeSegments, SmsEncoding.Ucs2, 3, 0.15m, MessagePriceSource.Region).SetName("Sms_BR_Ucs2_3");
        yield return new TestCaseData("IN", Ucs2ThreeSegments, SmsEncoding.Ucs2, 3, 0.006m, MessagePriceSource.Region).SetName("Sms_IN_Ucs2_3");
        yield return new TestCaseData("DE", Ucs2OneSegment, SmsEncoding.Ucs2, 1, 0.10m, MessagePriceSource.Default).SetName("Sms_DE_NotListed_Default");
        yield return new TestCaseData(null, Gsm7TwoSegments, SmsEncoding.Gsm7, 2, 0.20m, MessagePriceSource.Default).SetName("Sms_NoRegion_Default");
        yield return new TestCaseData(" ", Gsm7OneSegment, SmsEncoding.Gsm7, 1, 0.10m, MessagePriceSource.Default).SetName("Sms_BlankRegion_Default");
    }

    [TestCaseSource(nameof(MixedSmsBatch))]
    public void Sms_CostIsSegmentsTimesTheRegionPrice(string? region, string body, SmsEncoding encoding, int segments, decimal cost, MessagePriceSource source)
    {
        var estimate = Estimator().Estimate(MessagingPlatform.Sms, region, body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimate.Platform, Is.EqualTo(MessagingPlatform.Sms));
            Assert.That(estimate.BillingUnit, Is.EqualTo(MessageBillingUnit.SmsSegment));
            Assert.That(estimate.Encoding, Is.EqualTo(encoding));
            Assert.That(estimate.Segments, Is.EqualTo(segments));
            Assert.That(estimate.BillableUnits, Is.EqualTo(segments));
            Assert.That(estimate.EstimatedCost, Is.EqualTo(cost));
            Assert.That(estimate.UnitPrice * segments, Is.EqualTo(cost));
            Assert.That(estimate.Currency, Is.EqualTo("EUR"));
            Assert.That(estimate.PriceSource, Is.EqualTo(source));
            Assert.That(estimate.RegionCode, Is.EqualTo(string.IsNullOrWhiteSpace(region) ? null : region.ToUpperInvariant()));
        }
    }

    [Test]
    public void Sms_MixedBatchAcrossCountries_AddsUp()
    {
        var estimator = Estimator();
        (string Region, string Body)[] batch =
        [
            ("US", Gsm7OneSegment),    // 1 × 0.01
            ("US", Ucs2ThreeSegments), // 3 × 0.01
            ("GB", Gsm7TwoSegments),   // 2 × 0.04
            ("GB", Ucs2OneSegment),    // 1 × 0.04
            ("BR", Ucs2ThreeSegments), // 3 × 0.05
            ("FR", Gsm7TwoSegments),   // 2 × 0.10 (default)
        ];

        var estimates = batch.Select(m => estimator.Estimate(MessagingPlatform.Sms, m.Region, m.Body)).ToArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimates.Sum(e => e.Segments), Is.EqualTo(12));
            Assert.That(estimates.Sum(e => e.EstimatedCost), Is.EqualTo(0.01m + 0.03m + 0.08m + 0.04m + 0.15m + 0.20m));
            Assert.That(estimates.Count(e => e.PriceSource == MessagePriceSource.Default), Is.EqualTo(1));
            Assert.That(estimates.Select(e => e.Encoding), Is.EqualTo(new SmsEncoding?[] { SmsEncoding.Gsm7, SmsEncoding.Ucs2, SmsEncoding.Gsm7, SmsEncoding.Ucs2, SmsEncoding.Ucs2, SmsEncoding.Gsm7 }));
        }
    }

    [Test]
    public void Sms_EmptyOrNullBody_CostsNothing()
    {
        var estimator = Estimator();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimator.Estimate(MessagingPlatform.Sms, "US", null).EstimatedCost, Is.Zero);
            Assert.That(estimator.Estimate(MessagingPlatform.Sms, "US", string.Empty).Segments, Is.Zero);
        }
    }

    [Test]
    public void Sms_SmartEncoding_CountsTheReplacedBody()
    {
        const string Body = "Hi Ana, your appointment is confirmed for Tuesday – don’t forget your “blue card”. Reply STOP to opt out…";
        var withoutSmart = Estimator().Estimate(MessagingPlatform.Sms, "US", Body);
        var options = TestPrices();
        options.SmartEncoding = true;
        var withSmart = Estimator(options).Estimate(MessagingPlatform.Sms, "US", Body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((withoutSmart.Encoding, withoutSmart.Segments, withoutSmart.EstimatedCost), Is.EqualTo(((SmsEncoding?)SmsEncoding.Ucs2, 2, 0.02m)));
            Assert.That((withSmart.Encoding, withSmart.Segments, withSmart.EstimatedCost), Is.EqualTo(((SmsEncoding?)SmsEncoding.Gsm7, 1, 0.01m)));
        }
    }

    [Test]
    public void Mms_IsPricedPerMessageWhateverTheLength()
    {
        var estimator = Estimator();

        var us = estimator.Estimate(MessagingPlatform.Sms, "US", Ucs2ThreeSegments, mediaCount: 2);
        var other = estimator.Estimate(MessagingPlatform.Sms, "GB", null, mediaCount: 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((us.BillingUnit, us.BillableUnits, us.Segments, us.Encoding), Is.EqualTo((MessageBillingUnit.MmsMessage, 1, 0, (SmsEncoding?)null)));
            Assert.That((us.EstimatedCost, us.PriceSource), Is.EqualTo((0.02m, MessagePriceSource.Region)));
            Assert.That((other.EstimatedCost, other.PriceSource), Is.EqualTo((0.30m, MessagePriceSource.Default)));
        }
    }

    [Test]
    public void WhatsApp_PerMessage_ChargesEveryMessage()
    {
        var estimator = Estimator();

        var estimates = Enumerable.Range(0, 3)
            .Select(i => estimator.Estimate(MessagingPlatform.WhatsApp, "BR", Ucs2ThreeSegments, opensConversation: i == 0))
            .ToArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimates.Select(e => e.BillingUnit), Is.All.EqualTo(MessageBillingUnit.WhatsAppMessage));
            Assert.That(estimates.Select(e => e.EstimatedCost), Is.All.EqualTo(0.06m), "opensConversation does not matter per message");
            Assert.That(estimates.Select(e => e.Segments), Is.All.Zero, "WhatsApp is not segmented");
            Assert.That(estimates.Select(e => e.Encoding), Is.All.Null);
            Assert.That(estimates.Sum(e => e.EstimatedCost), Is.EqualTo(0.18m));
            Assert.That(estimator.Estimate(MessagingPlatform.WhatsApp, "JP", "hi").PriceSource, Is.EqualTo(MessagePriceSource.Default));
        }
    }

    [Test]
    public void WhatsApp_PerConversation_ChargesOnlyTheMessageThatOpensTheWindow()
    {
        var options = TestPrices();
        options.WhatsAppPricingModel = WhatsAppPricingModel.PerConversation;
        var estimator = Estimator(options);

        var opening = estimator.Estimate(MessagingPlatform.WhatsApp, "BR", "Olá!", opensConversation: true);
        var followUps = Enumerable.Range(0, 4).Select(_ => estimator.Estimate(MessagingPlatform.WhatsApp, "BR", "E mais uma coisa…", opensConversation: false)).ToArray();
        var elsewhere = estimator.Estimate(MessagingPlatform.WhatsApp, "JP", "Hello");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((opening.BillingUnit, opening.BillableUnits, opening.EstimatedCost), Is.EqualTo((MessageBillingUnit.WhatsAppConversation, 1, 0.08m)));
            Assert.That(followUps.Select(e => e.BillableUnits), Is.All.Zero);
            Assert.That(followUps.Select(e => e.EstimatedCost), Is.All.Zero);
            Assert.That(followUps.Select(e => e.UnitPrice), Is.All.EqualTo(0.08m));
            Assert.That(opening.EstimatedCost + followUps.Sum(e => e.EstimatedCost), Is.EqualTo(0.08m), "five messages in one window cost one conversation");
            Assert.That((elsewhere.EstimatedCost, elsewhere.PriceSource), Is.EqualTo((0.09m, MessagePriceSource.Default)), "opensConversation defaults to true");
        }
    }

    [Test]
    public void WhatsApp_PerMessageVersusPerConversation_ForTheSameExchange()
    {
        var perMessage = Estimator();
        var conversationOptions = TestPrices();
        conversationOptions.WhatsAppPricingModel = WhatsAppPricingModel.PerConversation;
        var perConversation = Estimator(conversationOptions);
        bool[] opens = [true, false, false, true, false]; // two windows, five messages

        var messageTotal = opens.Sum(o => perMessage.Estimate(MessagingPlatform.WhatsApp, "BR", "x", opensConversation: o).EstimatedCost);
        var conversationTotal = opens.Sum(o => perConversation.Estimate(MessagingPlatform.WhatsApp, "BR", "x", opensConversation: o).EstimatedCost);

        Assert.That((messageTotal, conversationTotal), Is.EqualTo((5 * 0.06m, 2 * 0.08m)));
    }

    [Test]
    public void DefaultOptions_AreValidAndPriceUsSmsPerSegment()
    {
        var defaults = new MessagingCostOptions();
        var estimator = new MessagingCostEstimator(Options.Create(defaults));

        var estimate = estimator.Estimate(MessagingPlatform.Sms, "US", Gsm7TwoSegments);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(defaults.Currency, Is.EqualTo("USD"));
            Assert.That(defaults.WhatsAppPricingModel, Is.EqualTo(WhatsAppPricingModel.PerMessage));
            Assert.That(estimate.EstimatedCost, Is.EqualTo(2 * defaults.SmsPricePerSegment["US"]));
            Assert.That(estimate.Currency, Is.EqualTo("USD"));
            foreach (var table in new[] { defaults.SmsPricePerSegment, defaults.MmsPricePerMessage, defaults.WhatsAppPricePerMessage, defaults.WhatsAppPricePerConversation })
            {
                Assert.That(table.ContainsKey("*"), Is.True);
                Assert.That(table.ContainsKey("us") == table.ContainsKey("US"), Is.True, "keys are case-insensitive");
            }
        }
    }

    [Test]
    public void Options_BindFromConfiguration_OverridingAndAddingEntries()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["NutritionistMessaging:Costs:Currency"] = "GBP",
                ["NutritionistMessaging:Costs:SmsPricePerSegment:US"] = "0.0079",
                ["NutritionistMessaging:Costs:SmsPricePerSegment:NL"] = "0.11",
                ["NutritionistMessaging:Costs:WhatsAppPricingModel"] = "PerConversation",
            })
            .Build();
        var options = new MessagingCostOptions();

        configuration.GetSection(MessagingCostOptions.SectionName).Bind(options);
        var estimator = new MessagingCostEstimator(Options.Create(options));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimator.Estimate(MessagingPlatform.Sms, "us", "hi").EstimatedCost, Is.EqualTo(0.0079m));
            Assert.That(estimator.Estimate(MessagingPlatform.Sms, "NL", "hi").EstimatedCost, Is.EqualTo(0.11m));
            Assert.That(estimator.Estimate(MessagingPlatform.Sms, "GB", "hi").EstimatedCost, Is.EqualTo(new MessagingCostOptions().SmsPricePerSegment["GB"]), "defaults stay");
            Assert.That(estimator.Estimate(MessagingPlatform.WhatsApp, "GB", "hi").BillingUnit, Is.EqualTo(MessageBillingUnit.WhatsAppConversation));
            Assert.That(estimator.Estimate(MessagingPlatform.Sms, "GB", "hi").Currency, Is.EqualTo("GBP"));
        }
    }

    [Test]
    public void Estimator_IsNotAffectedByLaterChangesToTheOptions()
    {
        var options = TestPrices();
        var estimator = Estimator(options);

        options.SmsPricePerSegment["US"] = 99m;
        options.WhatsAppPricingModel = WhatsAppPricingModel.PerConversation;

        Assert.That(estimator.Estimate(MessagingPlatform.Sms, "US", "hi").EstimatedCost, Is.EqualTo(0.01m));
        Assert.That(estimator.Estimate(MessagingPlatform.WhatsApp, "US", "hi").BillingUnit, Is.EqualTo(MessageBillingUnit.WhatsAppMessage));
    }

    [Test]
    public void Estimator_IsThreadSafe()
    {
        var estimator = Estimator();
        var results = new decimal[10_000];

        Parallel.For(0, results.Length, i =>
        {
            var body = (i % 3) switch { 0 => Gsm7TwoSegments, 1 => Ucs2ThreeSegments, _ => Gsm7OneSegment };
            results[i] = estimator.Estimate(MessagingPlatform.Sms, (i % 2) == 0 ? "US" : "BR", body).EstimatedCost;
        });

        var expected = Enumerable.Range(0, results.Length).Select(i =>
        {
            var segments = (i % 3) switch { 0 => 2, 1 => 3, _ => 1 };
            return segments * ((i % 2) == 0 ? 0.01m : 0.05m);
        });
        Assert.That(results, Is.EqualTo(expected));
    }

    [Test]
    public void Estimate_RejectsMisuse()
    {
        var estimator = Estimator();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => estimator.Estimate((MessagingPlatform)42, "US", "hi"), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("platform"));
            Assert.That(() => estimator.Estimate(MessagingPlatform.Sms, "US", "hi", mediaCount: -1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("mediaCount"));
            Assert.That(() => new MessagingCostEstimator(null!), Throws.ArgumentNullException);
        }
    }

    [Test]
    public void ToString_SummarisesTheEstimate()
    {
        var estimate = Estimator().Estimate(MessagingPlatform.Sms, "GB", Gsm7TwoSegments);

        Assert.That(estimate.ToString(), Is.EqualTo("Sms GB: 2 x SmsSegment @ 0.04 = 0.08 EUR (Region price)"));
    }
}
