namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>
/// AWS End User Messaging SMS destination simulator numbers: a send to a "success" number produces a delivered event, a
/// send to a "failure" number a failure event; neither reaches a carrier.
/// </summary>
/// <remarks>
/// <para>
/// Source: AWS End User Messaging SMS User Guide, "Simulator phone numbers", destination simulator phone numbers table,
/// https://docs.aws.amazon.com/sms-voice/latest/userguide/test-phone-numbers.html (the same table is in the Amazon
/// Pinpoint user guide's SMS simulator page, whose CSV also lists the United Kingdom pair). AWS does not document which
/// failure event the failure numbers produce; the sandbox sends <c>TEXT_CARRIER_UNREACHABLE</c> (MMS:
/// <c>MEDIA_CARRIER_UNREACHABLE</c>), which the provider maps to Undelivered.
/// </para>
/// <code>
/// Country          Success           Failure
/// Australia        +61455944038      +61455944039
/// Austria          +43676800442031   +43676800442032
/// Belgium          +32460213922      +32460213923
/// Chile            +56229140630      +56229140631
/// Czech Republic   +420790542286     +420790542287
/// Denmark          +4525919410       +4525919215
/// Estonia          +37282720792      +37282720793
/// Finland          +3584573979110    +3584573979111
/// France           +33755512501      +33755512502
/// Hong Kong        +85257048426      +85257048854
/// Hungary          +36707178770      +36707178772
/// Italy            +394390009172     +394390009174
/// Jersey           +447937404990     +447937404992
/// Luxembourg       +352691385880     +352691385882
/// Netherlands      +3197008100148    +3197008100150
/// Norway           +4759449384       +4759449387
/// Poland           +48732141440      +48732141442
/// Portugal         +351927946948     +351927946950
/// Romania          +40783900330      +40783900332
/// Spain            +34683783440      +34683783442
/// Sweden           +46790645100      +46790645102
/// Switzerland      +41798075872      +41798075874
/// Taiwan           +886903444630     +886903444632
/// United Kingdom   +447860019066     +447860019067
/// United States    +14254147755      +14254147167
/// </code>
/// <para>
/// Any other destination is treated as a success number by the sandbox (it never reaches a carrier either).
/// </para>
/// </remarks>
internal static class AwsSimulatorNumbers
{
    private static readonly Dictionary<string, bool> Table = new(StringComparer.Ordinal)
    {
        ["+61455944038"] = true, ["+61455944039"] = false,
        ["+43676800442031"] = true, ["+43676800442032"] = false,
        ["+32460213922"] = true, ["+32460213923"] = false,
        ["+56229140630"] = true, ["+56229140631"] = false,
        ["+420790542286"] = true, ["+420790542287"] = false,
        ["+4525919410"] = true, ["+4525919215"] = false,
        ["+37282720792"] = true, ["+37282720793"] = false,
        ["+3584573979110"] = true, ["+3584573979111"] = false,
        ["+33755512501"] = true, ["+33755512502"] = false,
        ["+85257048426"] = true, ["+85257048854"] = false,
        ["+36707178770"] = true, ["+36707178772"] = false,
        ["+394390009172"] = true, ["+394390009174"] = false,
        ["+447937404990"] = true, ["+447937404992"] = false,
        ["+352691385880"] = true, ["+352691385882"] = false,
        ["+3197008100148"] = true, ["+3197008100150"] = false,
        ["+4759449384"] = true, ["+4759449387"] = false,
        ["+48732141440"] = true, ["+48732141442"] = false,
        ["+351927946948"] = true, ["+351927946950"] = false,
        ["+40783900330"] = true, ["+40783900332"] = false,
        ["+34683783440"] = true, ["+34683783442"] = false,
        ["+46790645100"] = true, ["+46790645102"] = false,
        ["+41798075872"] = true, ["+41798075874"] = false,
        ["+886903444630"] = true, ["+886903444632"] = false,
        ["+447860019066"] = true, ["+447860019067"] = false,
        ["+14254147755"] = true, ["+14254147167"] = false,
    };

    /// <summary>The US success simulator number.</summary>
    public const string UnitedStatesSuccess = "+14254147755";

    /// <summary>The US failure simulator number.</summary>
    public const string UnitedStatesFailure = "+14254147167";

    /// <summary>Whether a send to <paramref name="number"/> (E.164) fails: only the failure simulator numbers do.</summary>
    public static bool Fails(string number) => Table.TryGetValue(number, out var success) && !success;

    /// <summary>Whether <paramref name="number"/> is a simulator number.</summary>
    public static bool IsSimulator(string number) => Table.ContainsKey(number);
}
