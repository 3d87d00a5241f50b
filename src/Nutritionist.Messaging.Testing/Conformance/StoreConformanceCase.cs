namespace Nutritionist.Messaging.Testing.Conformance;

/// <summary>
/// One named check of the store contracts. Run it from any test framework: <see cref="RunAsync"/> completes when the
/// store conforms and throws <see cref="StoreConformanceException"/> describing the violation when it does not.
/// </summary>
public sealed class StoreConformanceCase
{
    private readonly Func<StoreConformanceSubject, ConformanceClock, CancellationToken, Task> _run;

    internal StoreConformanceCase(string name, StoreKind store, string description, Func<StoreConformanceSubject, ConformanceClock, CancellationToken, Task> run)
    {
        Name = name;
        Store = store;
        Description = description;
        _run = run;
    }

    /// <summary>A stable name (<c>claims.race</c>), usable as a test name.</summary>
    public string Name { get; }

    /// <summary>The store the case checks.</summary>
    public StoreKind Store { get; }

    /// <summary>What the case checks, in one sentence.</summary>
    public string Description { get; }

    /// <summary>Runs the case.</summary>
    /// <param name="createStores">
    /// Makes the stores for this run, on the given clock. The clock starts at the real current time (whole milliseconds)
    /// and only moves when the case advances it, so a store may also hand expiry to its engine (Redis key expiry, a
    /// DynamoDB TTL attribute) as long as its reads decide by this clock. Each case uses its own random numbers, message
    /// ids and keys, so stores may share one database across cases and runs.
    /// </param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>A task that completes when the store conforms.</returns>
    /// <exception cref="StoreConformanceException">The store broke the contract.</exception>
    public async Task RunAsync(Func<TimeProvider, CancellationToken, ValueTask<StoreConformanceSubject>> createStores, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(createStores);
        var clock = new ConformanceClock();
        var subject = await createStores(clock, cancellationToken).ConfigureAwait(false)
            ?? throw new StoreConformanceException("The store factory returned null.");
        await _run(subject, clock, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
