namespace Nutritionist.Messaging.Testing.Conformance;

/// <summary>A clock that starts at the real current time, in whole milliseconds, and moves only when told.</summary>
internal sealed class ConformanceClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = DateTimeOffset.FromUnixTimeMilliseconds(System.GetUtcNow().ToUnixTimeMilliseconds());

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}
