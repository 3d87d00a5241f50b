namespace Nutritionist.Messaging.Sandbox;

/// <summary>
/// Faults the sandbox injects into the emulated APIs, for host applications' own tests of throttling, outages and
/// slowness. Every setting can be changed while requests are in flight.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class SandboxFaults
{
    /// <summary>Faults of the AWS SMS API.</summary>
    public SandboxProviderFaults Aws { get; } = new();

    /// <summary>Faults of the Twilio APIs.</summary>
    public SandboxProviderFaults Twilio { get; } = new();

    /// <summary>Faults of Meta's Cloud API (throttling answers code 130429, server errors code 131000).</summary>
    public SandboxProviderFaults Meta { get; } = new();

    /// <summary>Faults of AWS End User Messaging Social (<c>ThrottledRequestException</c>, <c>InternalServiceException</c>).</summary>
    public SandboxProviderFaults AwsWhatsApp { get; } = new();

    /// <summary>The faults of one provider.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns><see cref="Aws"/>, <see cref="Twilio"/>, <see cref="Meta"/> or <see cref="AwsWhatsApp"/>.</returns>
    public SandboxProviderFaults For(SandboxProvider provider) => provider switch
    {
        SandboxProvider.Aws => Aws,
        SandboxProvider.Meta => Meta,
        SandboxProvider.AwsWhatsApp => AwsWhatsApp,
        _ => Twilio,
    };

    /// <summary>Switches every fault off.</summary>
    public void Reset()
    {
        Aws.Reset();
        Twilio.Reset();
        Meta.Reset();
        AwsWhatsApp.Reset();
    }
}
