using System.Collections.Concurrent;

namespace Nutritionist.Messaging.Internal;

/// <summary>
/// A thread-safe cache that holds at most about twice <c>capacity</c> entries. Two generations: new entries go to the
/// current one; when it is full it becomes the old one and the previous old one is dropped. A hit in the old generation
/// is promoted, so entries in use survive (an approximate LRU that costs one dictionary lookup on a hit and never locks).
/// </summary>
internal sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int _capacity;
    private readonly IEqualityComparer<TKey>? _comparer;
    private volatile Generations _generations;

    public BoundedCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _comparer = comparer;
        _generations = new Generations(new ConcurrentDictionary<TKey, TValue>(comparer), new ConcurrentDictionary<TKey, TValue>(comparer));
    }

    public int Count
    {
        get
        {
            var g = _generations;
            return g.Current.Count + g.Old.Count; // diagnostics only: ConcurrentDictionary.Count takes every lock
        }
    }

    public bool TryGetValue(TKey key, out TValue value)
    {
        var g = _generations;
        if (g.Current.TryGetValue(key, out value!))
        {
            return true;
        }

        if (g.Old.TryGetValue(key, out value!))
        {
            Add(key, value);
            return true;
        }

        return false;
    }

    public void Add(TKey key, TValue value)
    {
        var g = _generations;
        if (Volatile.Read(ref g.Added) >= _capacity)
        {
            var next = new Generations(new ConcurrentDictionary<TKey, TValue>(_comparer), g.Current);

            // Only one racing thread swaps; the others write into whichever generation is current afterwards.
            Interlocked.CompareExchange(ref _generations, next, g);
            g = _generations;
        }

        if (g.Current.TryAdd(key, value))
        {
            Interlocked.Increment(ref g.Added);
        }
    }

    // Counts its own additions: ConcurrentDictionary.Count takes every internal lock, too slow for every cache miss.
    private sealed class Generations(ConcurrentDictionary<TKey, TValue> current, ConcurrentDictionary<TKey, TValue> old)
    {
        public int Added;

        public ConcurrentDictionary<TKey, TValue> Current { get; } = current;

        public ConcurrentDictionary<TKey, TValue> Old { get; } = old;
    }
}
