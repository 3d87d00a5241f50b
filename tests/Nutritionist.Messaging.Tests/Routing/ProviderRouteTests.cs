using System.Globalization;
using Nutritionist.Messaging.Routing;

namespace Nutritionist.Messaging.Tests.Routing;

public class ProviderRouteTests
{
    private static readonly IReadOnlyDictionary<string, string> NoProperties = new Dictionary<string, string>();

    [Test]
    public void A_country_rule_picks_its_provider_and_other_countries_get_the_default()
    {
        var route = new ProviderRoute(new PlatformRoutingOptions { Rules = [new() { Countries = ["BR", "mx"], Provider = "meta" }] }, "twilio");

        Assert.Multiple(() =>
        {
            Assert.That(route.Choose("+5511987654321", "BR", NoProperties), Is.EqualTo(new[] { "meta" }));
            Assert.That(route.Choose("+525512345678", "MX", NoProperties), Is.EqualTo(new[] { "meta" }), "countries compare case-insensitively");
            Assert.That(route.Choose("+12015550123", "US", NoProperties), Is.EqualTo(new[] { "twilio" }));
            Assert.That(route.Choose("+12015550123", null, NoProperties), Is.EqualTo(new[] { "twilio" }), "an unknown country matches no country rule");
        });
    }

    [Test]
    public void A_property_rule_matches_only_the_same_value_and_the_first_matching_rule_wins()
    {
        var route = new ProviderRoute(
            new PlatformRoutingOptions
            {
                Rules =
                [
                    new() { Properties = new Dictionary<string, string> { ["tenant"] = "acme" }, Provider = "twilio-2" },
                    new() { Countries = ["US"], Provider = "meta" },
                ],
                Default = "twilio",
            },
            "unused");

        Assert.Multiple(() =>
        {
            Assert.That(route.Choose("+12015550123", "US", new Dictionary<string, string> { ["tenant"] = "acme" })[0], Is.EqualTo("twilio-2"));
            Assert.That(route.Choose("+12015550123", "US", new Dictionary<string, string> { ["tenant"] = "ACME" })[0], Is.EqualTo("meta"), "values compare ordinally");
            Assert.That(route.Choose("+447700900123", "GB", new Dictionary<string, string> { ["tenant"] = "other" })[0], Is.EqualTo("twilio"), "Default wins over the fallback name");
        });
    }

    [Test]
    public void Weights_split_recipients_in_proportion_and_the_same_recipient_always_goes_the_same_way()
    {
        var options = new PlatformRoutingOptions { Rules = [new() { Weights = new Dictionary<string, int> { ["meta"] = 10, ["twilio"] = 90 } }] };
        var route = new ProviderRoute(options, "twilio");
        var again = new ProviderRoute(new PlatformRoutingOptions { Rules = [new() { Weights = new Dictionary<string, int> { ["twilio"] = 90, ["meta"] = 10 } }] }, "twilio");

        const int Recipients = 20_000;
        var toMeta = 0;
        for (var i = 0; i < Recipients; i++)
        {
            var recipient = "+1201555" + i.ToString("D4", CultureInfo.InvariantCulture) + (i / 10_000).ToString(CultureInfo.InvariantCulture);
            var chosen = route.Choose(recipient, "US", NoProperties)[0];
            Assert.That(again.Choose(recipient, "US", NoProperties)[0], Is.EqualTo(chosen), "another route with the weights listed in another order, or another process, picks the same");
            toMeta += chosen == "meta" ? 1 : 0;
        }

        Assert.That(toMeta / (double)Recipients, Is.InRange(0.09, 0.11));
    }

    [Test]
    public void The_slot_of_a_recipient_is_fixed_across_processes()
    {
        // SHA-256 based, so these values hold in every process and release (string.GetHashCode would not).
        // The values are the first four bytes of SHA-256 (big-endian) modulo 100, computed independently.
        Assert.That(ProviderRoute.Slot("+12015550123", 100), Is.EqualTo(80));
        Assert.That(ProviderRoute.Slot("+5511987654321", 100), Is.EqualTo(79));
        Assert.That(Enumerable.Range(0, 50).Select(i => ProviderRoute.Slot("+1201555" + i.ToString("D4", CultureInfo.InvariantCulture), 2)).Distinct().Count(), Is.EqualTo(2));
    }

    [Test]
    public void Failover_follows_the_chosen_provider_without_repeating_it()
    {
        var route = new ProviderRoute(new PlatformRoutingOptions { Rules = [new() { Countries = ["BR"], Provider = "meta" }], Default = "twilio", Failover = ["meta", "aws", "twilio"] }, "x");

        Assert.Multiple(() =>
        {
            Assert.That(route.Choose("+5511987654321", "BR", NoProperties), Is.EqualTo(new[] { "meta", "aws", "twilio" }));
            Assert.That(route.Choose("+12015550123", "US", NoProperties), Is.EqualTo(new[] { "twilio", "meta", "aws" }));
        });
    }
}
