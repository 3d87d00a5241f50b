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

    /// <summary>The faults of one provider.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns><see cref="Aws"/> or <see cref="Twilio"/>.</returns>
    public SandboxProviderFaults For(SandboxProvider provider) => provider == SandboxProvider.Aws ? Aws : Twilio;

    /// <summary>Switches every fault off.</summary>
    public void Reset()
    {
        Aws.Reset();
        Twilio.Reset();
    }
}
