using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Costs;

namespace Nutritionist.Messaging.Tests.Costs;

public sealed class MessagingCostOptionsValidatorTests
{
    [Test]
    public void Defaults_AreValid()
    {
        var result = new MessagingCostOptionsValidator().Validate(Options.DefaultName, new MessagingCostOptions());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void NegativePrice_IsNamedWithItsKeyAndValue()
    {
        var options = new MessagingCostOptions();
        options.SmsPricePerSegment["GB"] = -0.5m;

        var result = new MessagingCostOptionsValidator().Validate(Options.DefaultName, options);

        Assert.That(result.Failures, Is.EqualTo(new[] { "NutritionistMessaging:Costs:SmsPricePerSegment:GB is -0.5; a price cannot be negative." }));
    }

    [Test]
    public void MissingDefaultEntry_Fails()
    {
        var options = new MessagingCostOptions { WhatsAppPricePerConversation = new() { ["US"] = 0.01m } };

        var result = new MessagingCostOptionsValidator().Validate(Options.DefaultName, options);

        Assert.That(result.FailureMessage, Does.Contain("NutritionistMessaging:Costs:WhatsAppPricePerConversation has no \"*\" entry"));
    }

    [Test]
    public void MissingTable_Fails()
    {
        var options = new MessagingCostOptions { MmsPricePerMessage = null! };

        var result = new MessagingCostOptionsValidator().Validate(Options.DefaultName, options);

        Assert.That(result.FailureMessage, Does.Contain("NutritionistMessaging:Costs:MmsPricePerMessage is missing"));
    }

    [TestCase("")]
    [TestCase("US")]
    [TestCase("EURO")]
    [TestCase("U$D")]
    public void BadCurrency_Fails(string currency)
    {
        var result = new MessagingCostOptionsValidator().Validate(Options.DefaultName, new MessagingCostOptions { Currency = currency });

        Assert.That(result.FailureMessage, Does.Contain($"NutritionistMessaging:Costs:Currency is '{currency}'"));
    }

    [TestCase("USA")]
    [TestCase("1")]
    [TestCase("default")]
    public void BadRegionKey_Fails(string region)
    {
        var options = new MessagingCostOptions();
        options.SmsPricePerSegment[region] = 0.01m;

        var result = new MessagingCostOptionsValidator().Validate(Options.DefaultName, options);

        Assert.That(result.FailureMessage, Does.Contain($"NutritionistMessaging:Costs:SmsPricePerSegment:{region} is not an ISO 3166-1 alpha-2 region code"));
    }

    [Test]
    public void SameRegionInTwoCases_FailsWhenTheTableIsCaseSensitive()
    {
        var options = new MessagingCostOptions { SmsPricePerSegment = new(StringComparer.Ordinal) { ["*"] = 0.1m, ["us"] = 0.01m, ["US"] = 0.02m } };

        var result = new MessagingCostOptionsValidator().Validate(Options.DefaultName, options);

        Assert.That(result.FailureMessage, Does.Contain("more than once in different cases"));
    }

    [Test]
    public void UndefinedPricingModel_Fails()
    {
        var result = new MessagingCostOptionsValidator().Validate(Options.DefaultName, new MessagingCostOptions { WhatsAppPricingModel = (WhatsAppPricingModel)7 });

        Assert.That(result.FailureMessage, Does.Contain("NutritionistMessaging:Costs:WhatsAppPricingModel is '7'; use one of: PerMessage, PerConversation."));
    }

    [Test]
    public void Estimator_RefusesInvalidOptions()
    {
        var options = new MessagingCostOptions();
        options.MmsPricePerMessage.Remove("*");

        Assert.That(
            () => new MessagingCostEstimator(Options.Create(options)),
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains("MmsPricePerMessage has no \"*\" entry"));
    }
}
