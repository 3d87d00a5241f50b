using System.Globalization;
using BenchmarkDotNet.Attributes;
using Nutritionist.Messaging.PhoneNumbers;
using PhoneNumbers;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>
/// Phone normalisation. Baseline: libphonenumber alone (the calls the normaliser makes on a miss: parse, region, possible/valid checks,
/// E.164 format, type) on a number it has not seen. Cold: the library's normaliser on a number it has not seen
/// (cache miss: parse plus cache insert). Cached: the same number again (cache hit; the target is under 200 ns).
/// Cold and baseline build their unique input the same way, so that cost is on both sides.
/// </summary>
[MemoryDiagnoser]
public class PhoneNormalization
{
    private const string CachedInput = "(201) 555-1000";

    private readonly PhoneNumberNormalizer _normalizer = new("US");
    private readonly PhoneNumberUtil _util = PhoneNumberUtil.GetInstance();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        if (!_normalizer.Normalize(CachedInput).IsValid)
        {
            throw new InvalidOperationException("The cached input must be a valid number.");
        }
    }

    [Benchmark(Baseline = true, Description = "libphonenumber alone, unseen number")]
    public string? Libphonenumber()
    {
        // The calls the normaliser makes on a miss, in its order, without its cache, messages and result object.
        var number = _util.Parse(NextUnseen(), "US");
        _ = _util.GetRegionCodeForNumber(number);
        if (_util.IsPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE || !_util.IsValidNumber(number))
        {
            return null;
        }

        var e164 = _util.Format(number, PhoneNumberFormat.E164);
        _ = _util.GetNumberType(number);
        return e164;
    }

    [Benchmark(Description = "normaliser, cold (unseen number)")]
    public PhoneNumberInfo Cold() => _normalizer.Normalize(NextUnseen());

    [Benchmark(Description = "normaliser, cached")]
    public PhoneNumberInfo Cached() => _normalizer.Normalize(CachedInput);

    // "(201) 2xx-xxxx" … "(201) 9xx-xxxx": 8 million national numbers, then it wraps (the cache holds at most 20,000).
    private string NextUnseen() => "(201) " + (2_000_000 + (_next++ % 8_000_000)).ToString("000-0000", CultureInfo.InvariantCulture);
}
