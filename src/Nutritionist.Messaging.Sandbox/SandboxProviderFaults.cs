namespace Nutritionist.Messaging.Sandbox;

/// <summary>
/// Faults of one emulated API. A request that passes authentication first waits <see cref="Latency"/>, then is
/// throttled with probability <see cref="ThrottlingRate"/> (AWS <c>ThrottlingException</c>, Twilio 20429 / HTTP 429),
/// else fails with probability <see cref="ServerErrorRate"/> (AWS <c>InternalServerException</c> / HTTP 500, Twilio
/// 20500 / HTTP 500).
/// </summary>
/// <remarks>Thread-safe: each setting is read once per request, so a change applies from the next request on.</remarks>
public sealed class SandboxProviderFaults
{
    private double _throttlingRate;
    private double _serverErrorRate;
    private long _latencyTicks;

    /// <summary>The share of requests refused as throttled, from 0 (default) to 1 (all).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 0 and 1.</exception>
    public double ThrottlingRate
    {
        get => Volatile.Read(ref _throttlingRate);
        set => Volatile.Write(ref _throttlingRate, Rate(value));
    }

    /// <summary>The share of requests that fail with a server error, from 0 (default) to 1 (all).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 0 and 1.</exception>
    public double ServerErrorRate
    {
        get => Volatile.Read(ref _serverErrorRate);
        set => Volatile.Write(ref _serverErrorRate, Rate(value));
    }

    /// <summary>How long each request waits (on the sandbox's <see cref="TimeProvider"/>) before it is answered. Default zero.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }
    }

    /// <summary>Switches every fault of this API off.</summary>
    public void Reset()
    {
        ThrottlingRate = 0;
        ServerErrorRate = 0;
        Latency = TimeSpan.Zero;
    }

    private static double Rate(double value)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A fault rate is between 0 and 1.");
        }

        return value;
    }
}
