using Nutritionist.Messaging.PhoneNumbers;

namespace Nutritionist.Messaging.Tests.PhoneNumbers;

public class PhoneNumberNormalizerTests
{
    // input, default region, expected E.164, expected region, expected kind
    private static readonly object?[][] ValidNumbers =
    [
        // United States / Canada: national formats people type, with a default region.
        ["(201) 555-0123", "US", "+12015550123", "US", PhoneNumberKind.FixedLineOrMobile],
        ["201-555-0123", "US", "+12015550123", "US", PhoneNumberKind.FixedLineOrMobile],
        ["201.555.0123", "US", "+12015550123", "US", PhoneNumberKind.FixedLineOrMobile],
        ["1 201 555 0123", "US", "+12015550123", "US", PhoneNumberKind.FixedLineOrMobile],
        ["+1 (201) 555-0123", null, "+12015550123", "US", PhoneNumberKind.FixedLineOrMobile],
        ["+12015550123", null, "+12015550123", "US", PhoneNumberKind.FixedLineOrMobile],
        ["  +1 201 555 0123  ", null, "+12015550123", "US", PhoneNumberKind.FixedLineOrMobile],
        ["whatsapp:+12015550123", null, "+12015550123", "US", PhoneNumberKind.FixedLineOrMobile],
        ["WhatsApp:+1 201 555 0123", null, "+12015550123", "US", PhoneNumberKind.FixedLineOrMobile],
        ["011 44 7400 123456", "US", "+447400123456", "GB", PhoneNumberKind.Mobile],
        ["+1 613 555 0123", null, "+16135550123", "CA", PhoneNumberKind.FixedLineOrMobile],

        // United Kingdom
        ["07400 123456", "GB", "+447400123456", "GB", PhoneNumberKind.Mobile],
        ["+44 7400 123456", null, "+447400123456", "GB", PhoneNumberKind.Mobile],
        ["0044 7400 123456", null, "+447400123456", "GB", PhoneNumberKind.Mobile],
        ["0044 7400 123456", "US", "+447400123456", "GB", PhoneNumberKind.Mobile],
        ["+44 (0)7400 123456", null, "+447400123456", "GB", PhoneNumberKind.Mobile],
        ["0121 234 5678", "GB", "+441212345678", "GB", PhoneNumberKind.FixedLine],

        // Germany
        ["01512 3456789", "DE", "+4915123456789", "DE", PhoneNumberKind.Mobile],
        ["+49 1512 3456789", null, "+4915123456789", "DE", PhoneNumberKind.Mobile],
        ["0049-30-123456", null, "+4930123456", "DE", PhoneNumberKind.FixedLine],

        // France
        ["06 12 34 56 78", "FR", "+33612345678", "FR", PhoneNumberKind.Mobile],
        ["+33 6 12 34 56 78", "DE", "+33612345678", "FR", PhoneNumberKind.Mobile],

        // India
        ["081234 56789", "IN", "+918123456789", "IN", PhoneNumberKind.Mobile],
        ["+91 81234 56789", null, "+918123456789", "IN", PhoneNumberKind.Mobile],

        // Brazil
        ["(11) 96123-4567", "BR", "+5511961234567", "BR", PhoneNumberKind.Mobile],
        ["+55 11 96123 4567", null, "+5511961234567", "BR", PhoneNumberKind.Mobile],

        // Australia
        ["0412 345 678", "AU", "+61412345678", "AU", PhoneNumberKind.Mobile],
        ["+61 412 345 678", null, "+61412345678", "AU", PhoneNumberKind.Mobile],

        // Japan
        ["090-1234-5678", "JP", "+819012345678", "JP", PhoneNumberKind.Mobile],

        // Spain
        ["612 34 56 78", "ES", "+34612345678", "ES", PhoneNumberKind.Mobile],

        // Nigeria
        ["0802 123 4567", "NG", "+2348021234567", "NG", PhoneNumberKind.Mobile],

        // South Africa
        ["+27 71 123 4567", null, "+27711234567", "ZA", PhoneNumberKind.Mobile],
    ];

    // input, default region, expected error
    private static readonly object?[][] InvalidNumbers =
    [
        ["", "US", PhoneNumberError.Empty],
        ["   ", "US", PhoneNumberError.Empty],
        ["whatsapp:", null, PhoneNumberError.Empty],
        ["not a number", "US", PhoneNumberError.NotANumber],
        ["+1 201 555 CALL", null, PhoneNumberError.NotANumber],
        ["(201) 555-0123", null, PhoneNumberError.InvalidCountryCode],
        ["+999 123 456 789", null, PhoneNumberError.InvalidCountryCode],
        ["+1 201", null, PhoneNumberError.TooShort],
        ["12", "US", PhoneNumberError.TooShort],
        ["+1 201 555 0123 4567 8", null, PhoneNumberError.TooLong],
        ["+44 7400 1234567890", null, PhoneNumberError.TooLong],
        ["+1 099 555 0123", null, PhoneNumberError.InvalidNumber],
        ["+49 1512", null, PhoneNumberError.InvalidNumber],
    ];

    [TestCaseSource(nameof(ValidNumbers))]
    public void Valid_numbers_are_normalised_to_E164(string input, string? region, string e164, string regionCode, PhoneNumberKind kind)
    {
        var normalizer = new PhoneNumberNormalizer();

        var result = normalizer.Normalize(input, region);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.True, () => result.ToString());
            Assert.That(result.E164, Is.EqualTo(e164));
            Assert.That(result.RegionCode, Is.EqualTo(regionCode));
            Assert.That(result.Kind, Is.EqualTo(kind));
            Assert.That(result.Error, Is.EqualTo(PhoneNumberError.None));
        });
    }

    [TestCaseSource(nameof(InvalidNumbers))]
    public void Invalid_numbers_are_rejected_with_a_reason(string input, string? region, PhoneNumberError error)
    {
        var normalizer = new PhoneNumberNormalizer();

        var result = normalizer.Normalize(input, region);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Error, Is.EqualTo(error), () => result.ToString());
            Assert.That(result.E164, Is.Null);
            Assert.That(result.ErrorMessage, Is.Not.Empty);
        });
    }

    [Test]
    public void The_table_spans_at_least_30_inputs_and_8_countries()
    {
        var countries = ValidNumbers.Select(row => (string)row[3]!).Distinct().Count();
        Assert.That(ValidNumbers.Length + InvalidNumbers.Length, Is.GreaterThanOrEqualTo(30));
        Assert.That(countries, Is.GreaterThanOrEqualTo(8));
    }

    [Test]
    public void The_configured_default_region_reads_national_numbers()
    {
        var normalizer = new PhoneNumberNormalizer("gb");

        Assert.That(normalizer.Normalize("07400 123456").E164, Is.EqualTo("+447400123456"));
        Assert.That(normalizer.Normalize("07400 123456", "US").IsValid, Is.False, "an explicit region wins over the default");
    }

    [Test]
    public void Fixed_lines_cannot_receive_sms_but_mobiles_can()
    {
        var normalizer = new PhoneNumberNormalizer();

        Assert.That(normalizer.Normalize("+44 121 234 5678").CanReceiveSms, Is.False);
        Assert.That(normalizer.Normalize("+44 7400 123456").CanReceiveSms, Is.True);
        Assert.That(normalizer.Normalize("+1 201 555 0123").CanReceiveSms, Is.True, "US numbers do not tell fixed from mobile");
    }

    [Test]
    public void Results_are_cached_and_the_cache_stays_bounded()
    {
        var normalizer = new PhoneNumberNormalizer(cacheSize: 8);

        var first = normalizer.Normalize("+44 7400 123456");
        var second = normalizer.Normalize("+44 7400 123456");
        Assert.That(second, Is.SameAs(first));

        for (var i = 0; i < 100; i++)
        {
            normalizer.Normalize($"+44 7400 {i:000000}");
        }

        // Two generations of at most 8 entries each (plus racing writes, none here).
        var cache = typeof(PhoneNumberNormalizer).GetField("_cache", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(normalizer)!;
        var count = (int)cache.GetType().GetProperty("Count")!.GetValue(cache)!;
        Assert.That(count, Is.LessThanOrEqualTo(16));
    }

    [Test]
    public void Concurrent_normalisation_is_consistent()
    {
        var normalizer = new PhoneNumberNormalizer(cacheSize: 16);
        var inputs = Enumerable.Range(0, 200).Select(i => $"+44 7400 {i % 50:000000}").ToArray();

        Parallel.For(0, 2000, i =>
        {
            var input = inputs[i % inputs.Length];
            var result = normalizer.Normalize(input);
            Assert.That(result.E164, Is.EqualTo("+447400" + input[^6..]));
        });
    }
}
