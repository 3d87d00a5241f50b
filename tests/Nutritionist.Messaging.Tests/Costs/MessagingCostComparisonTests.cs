using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Costs;

namespace Nutritionist.Messaging.Tests.Costs;

public sealed class MessagingCostComparisonTests
{
    private static MessagingVolume FirstUsersMonth() =>
        new MessagingVolume().AddSms("US", 10_000).AddWhatsApp("US", WhatsAppMessageCategory.Utility, 5_000);

    [Test]
    public void The_first_users_month_on_the_default_US_prices()
    {
        // SMS on Twilio      10,000 x 0.0083            =  83.00
        // SMS on AWS         10,000 x 0.00581           =  58.10
        // WhatsApp on Twilio  5,000 x (0.005 + 0.0040)  =  45.00   (Twilio fee + Meta US utility)
        // WhatsApp on Meta    5,000 x  0.0040           =  20.00
        // WhatsApp on AWS     5,000 x (0.005 + 0.0040)  =  45.00   (AWS Social fee + Meta US utility)
        // Twilio only   83.00 + 45.00 = 128.00
        // hybrid        58.10 + 45.00 = 103.10, saves 24.90 = 24.90 / 128 = 0.19453125
        // Meta direct   58.10 + 20.00 =  78.10, saves 49.90 = 49.90 / 128 = 0.38984375
        // AWS only      58.10 + 45.00 = 103.10, saves 24.90
        var result = new MessagingCostComparison().Compare(FirstUsersMonth());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.PricesAsOf, Is.EqualTo(new DateOnly(2025, 7, 1)));
            Assert.That(result.Currency, Is.EqualTo("USD"));
            Assert.That(result.Route(MessagingRoute.SmsOnTwilio).Total, Is.EqualTo(83.00m));
            Assert.That(result.Route(MessagingRoute.SmsOnAws).Total, Is.EqualTo(58.10m));
            Assert.That(result.Route(MessagingRoute.WhatsAppOnTwilio).Total, Is.EqualTo(45.00m));
            Assert.That(result.Route(MessagingRoute.WhatsAppOnMeta).Total, Is.EqualTo(20.00m));
            Assert.That(result.Route(MessagingRoute.WhatsAppOnAws).Total, Is.EqualTo(45.00m));
            Assert.That(result.Scenarios.Select(s => s.Name), Is.EqualTo(new[]
            {
                MessagingCostComparison.TwilioOnly, MessagingCostComparison.Hybrid, MessagingCostComparison.HybridWithMetaDirect, MessagingCostComparison.AwsOnly,
            }));
            Assert.That(result.Scenario(MessagingCostComparison.TwilioOnly).Total, Is.EqualTo(128.00m));
            Assert.That(result.Scenario(MessagingCostComparison.TwilioOnly).SavingsVsTwilioOnly, Is.Zero);
            Assert.That(result.Scenario(MessagingCostComparison.Hybrid).Total, Is.EqualTo(103.10m));
            Assert.That(result.Scenario(MessagingCostComparison.Hybrid).SavingsVsTwilioOnly, Is.EqualTo(24.90m));
            Assert.That(result.Scenario(MessagingCostComparison.Hybrid).SavingsFractionVsTwilioOnly, Is.EqualTo(0.19453125m));
            Assert.That(result.Scenario(MessagingCostComparison.HybridWithMetaDirect).Total, Is.EqualTo(78.10m));
            Assert.That(result.Scenario(MessagingCostComparison.HybridWithMetaDirect).SavingsFractionVsTwilioOnly, Is.EqualTo(0.38984375m));
            Assert.That(result.Scenario(MessagingCostComparison.AwsOnly).Total, Is.EqualTo(103.10m));
        }
    }

    [Test]
    public void Each_line_shows_the_provider_price_Metas_rate_and_where_they_came_from()
    {
        var hybrid = new MessagingCostComparison().Compare(FirstUsersMonth()).Scenario(MessagingCostComparison.Hybrid);
        var lines = hybrid.Lines.ToList();

        Assert.That(lines, Has.Count.EqualTo(2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That((lines[0].Route, lines[0].BillableUnits, lines[0].ProviderPrice, lines[0].MetaRate, lines[0].Cost), Is.EqualTo((MessagingRoute.SmsOnAws, 10_000L, 0.00581m, 0m, 58.10m)));
            Assert.That((lines[1].Route, lines[1].BillableUnits, lines[1].ProviderPrice, lines[1].MetaRate, lines[1].UnitPrice), Is.EqualTo((MessagingRoute.WhatsAppOnTwilio, 5_000L, 0.005m, 0.0040m, 0.0090m)));
            Assert.That(lines.Select(l => l.PriceSource), Is.All.EqualTo(MessagePriceSource.Region));
            Assert.That(lines[1].Volume.Category, Is.EqualTo(WhatsAppMessageCategory.Utility));
        }
    }

    private static MessagingCostComparisonOptions TestPrices() => new()
    {
        PricesAsOf = new DateOnly(2026, 3, 1),
        Currency = "usd",
        TwilioSmsPricePerSegment = new() { ["*"] = 0.10m, ["GB"] = 0.04m },
        AwsSmsPricePerSegment = new() { ["*"] = 0.09m, ["GB"] = 0.03m },
        TwilioMmsPricePerMessage = new() { ["*"] = 0.02m },
        AwsMmsPricePerMessage = new() { ["*"] = 0.01m, ["US"] = 0.015m },
        TwilioWhatsAppFeePerMessage = 0.005m,
        AwsSocialFeePerMessage = 0.004m,
        MetaMarketingRate = new() { ["*"] = 0.06m, ["BR"] = 0.0625m },
        MetaUtilityRate = new() { ["*"] = 0.05m },
        MetaAuthenticationRate = new() { ["*"] = 0.03m, ["IN"] = 0.002m },
        MetaServiceRate = new() { ["*"] = 0m },
    };

    [Test]
    public void A_mix_of_regions_segments_MMS_and_categories_on_custom_tables()
    {
        var volume = new MessagingVolume()
            .AddSms("gb", 1_000, segmentsPerMessage: 2)
            .AddSms("DE", 100)
            .AddMms("US", 50)
            .AddWhatsApp("BR", WhatsAppMessageCategory.Marketing, 200)
            .AddWhatsApp("US", WhatsAppMessageCategory.Service, 300)
            .AddWhatsApp("IN", WhatsAppMessageCategory.Authentication, 1_000);

        // SMS on Twilio: GB 1,000 x 2 segments x 0.04 = 80; DE 100 x 0.10 ("*") = 10; MMS US 50 x 0.02 ("*") = 1      -> 91
        // SMS on AWS:    GB 2,000 x 0.03 = 60;            DE 100 x 0.09 ("*") =  9; MMS US 50 x 0.015       = 0.75   -> 69.75
        // WA on Twilio:  BR 200 x (0.005 + 0.0625) = 13.5; US service 300 x (0.005 + 0) = 1.5; IN 1,000 x (0.005 + 0.002) = 7 -> 22
        // WA on Meta:    BR 200 x 0.0625 = 12.5;           US 300 x 0 = 0;                    IN 1,000 x 0.002 = 2              -> 14.5
        // WA on AWS:     BR 200 x (0.004 + 0.0625) = 13.3; US 300 x 0.004 = 1.2;              IN 1,000 x 0.006 = 6              -> 20.5
        // Twilio only 91 + 22 = 113; hybrid 69.75 + 22 = 91.75 (saves 21.25); Meta direct 69.75 + 14.5 = 84.25 (saves 28.75);
        // AWS only 69.75 + 20.5 = 90.25 (saves 22.75); 21.25 / 113 = 0.188053...
        var result = new MessagingCostComparison(Options.Create(TestPrices())).Compare(volume);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.PricesAsOf, Is.EqualTo(new DateOnly(2026, 3, 1)));
            Assert.That(result.Currency, Is.EqualTo("USD"));
            Assert.That(result.Route(MessagingRoute.SmsOnTwilio).Lines.Select(l => l.Cost), Is.EqualTo(new[] { 80m, 10m, 1m }));
            Assert.That(result.Route(MessagingRoute.SmsOnTwilio).Lines.Select(l => l.PriceSource), Is.EqualTo(new[] { MessagePriceSource.Region, MessagePriceSource.Default, MessagePriceSource.Default }));
            Assert.That(result.Route(MessagingRoute.SmsOnAws).Lines.Select(l => l.Cost), Is.EqualTo(new[] { 60m, 9m, 0.75m }));
            Assert.That(result.Route(MessagingRoute.SmsOnAws).Lines[2].PriceSource, Is.EqualTo(MessagePriceSource.Region));
            Assert.That(result.Route(MessagingRoute.WhatsAppOnTwilio).Lines.Select(l => l.Cost), Is.EqualTo(new[] { 13.5m, 1.5m, 7m }));
            Assert.That(result.Route(MessagingRoute.WhatsAppOnMeta).Lines.Select(l => l.Cost), Is.EqualTo(new[] { 12.5m, 0m, 2m }));
            Assert.That(result.Route(MessagingRoute.WhatsAppOnAws).Lines.Select(l => l.Cost), Is.EqualTo(new[] { 13.3m, 1.2m, 6m }));
            Assert.That(result.Scenarios.Select(s => s.Total), Is.EqualTo(new[] { 113m, 91.75m, 84.25m, 90.25m }));
            Assert.That(result.Scenarios.Select(s => s.SavingsVsTwilioOnly), Is.EqualTo(new[] { 0m, 21.25m, 28.75m, 22.75m }));
            Assert.That(result.Scenario(MessagingCostComparison.Hybrid).SavingsFractionVsTwilioOnly, Is.EqualTo(0.188053m).Within(0.000001m));
        }
    }

    [Test]
    public void An_empty_month_costs_nothing_and_saves_nothing()
    {
        var result = new MessagingCostComparison().Compare(new MessagingVolume());

        Assert.That(result.Scenarios.Select(s => (s.Total, s.SavingsFractionVsTwilioOnly)), Is.All.EqualTo((0m, 0m)));
    }

    [Test]
    public void Configuration_overrides_single_entries_and_the_price_date()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:CostComparison:PricesAsOf"] = "2026-01-15",
            ["NutritionistMessaging:CostComparison:AwsSmsPricePerSegment:US"] = "0.0070",
            ["NutritionistMessaging:CostComparison:TwilioWhatsAppFeePerMessage"] = "0.004",
        }).Build();
        var options = configuration.GetSection(MessagingCostComparisonOptions.SectionName).Get<MessagingCostComparisonOptions>()!;

        // SMS on AWS 10,000 x 0.0070 = 70; SMS on Twilio keeps its default 10,000 x 0.0083 = 83;
        // WhatsApp on Twilio 5,000 x (0.004 + 0.0040) = 40.
        var result = new MessagingCostComparison(Options.Create(options)).Compare(FirstUsersMonth());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.PricesAsOf, Is.EqualTo(new DateOnly(2026, 1, 15)));
            Assert.That(result.Route(MessagingRoute.SmsOnAws).Total, Is.EqualTo(70m));
            Assert.That(result.Route(MessagingRoute.SmsOnTwilio).Total, Is.EqualTo(83m));
            Assert.That(result.Route(MessagingRoute.WhatsAppOnTwilio).Total, Is.EqualTo(40m));
        }
    }

    [Test]
    public void The_host_resolves_the_comparison_with_tables_from_the_CostComparison_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NutritionistMessaging:CostComparison:MetaUtilityRate:US"] = "0.0034",
        }).Build();
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(configuration);
        using var provider = services.BuildServiceProvider();

        // WhatsApp on Meta 5,000 x 0.0034 = 17.
        var result = provider.GetRequiredService<MessagingCostComparison>().Compare(FirstUsersMonth());

        Assert.That(result.Route(MessagingRoute.WhatsAppOnMeta).Total, Is.EqualTo(17m));
    }

    [Test]
    public void Invalid_tables_fail_with_the_setting_named()
    {
        var prices = TestPrices();
        prices.AwsSocialFeePerMessage = -0.001m;
        prices.MetaUtilityRate = new() { ["US"] = 0.004m };

        var failure = Assert.Throws<OptionsValidationException>(() => _ = new MessagingCostComparison(Options.Create(prices)));

        Assert.That(failure!.Failures, Has.Some.Contains("NutritionistMessaging:CostComparison:AwsSocialFeePerMessage is -0.001")
            .And.Some.Contains("NutritionistMessaging:CostComparison:MetaUtilityRate has no \"*\" entry"));
    }

    [Test]
    public void Volume_misuse_is_an_argument_exception_naming_the_parameter()
    {
        var volume = new MessagingVolume();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => volume.AddSms("USA", 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("regionCode"));
            Assert.That(() => volume.AddSms(" ", 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("regionCode"));
            Assert.That(() => volume.AddSms("US", -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("messages"));
            Assert.That(() => volume.AddSms("US", 1, segmentsPerMessage: 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("segmentsPerMessage"));
            Assert.That(() => volume.AddWhatsApp("US", (WhatsAppMessageCategory)42, 1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("category"));
            Assert.That(volume.Entries, Is.Empty);
        }
    }
}
