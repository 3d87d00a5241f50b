namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// Context switches of this process's live threads (Linux: <c>/proc/self/task/*/status</c>), voluntary (a thread
/// waited: epoll, futex) and involuntary (preempted). The throughput mode reports them per send: on a machine whose
/// cores the client shares with the server, a wake-up can cost more than the library's own code.
/// </summary>
internal static class ContextSwitches
{
    /// <summary>The sums over live threads, or <see langword="null"/> where <c>/proc</c> is not there.</summary>
    public static (long Voluntary, long Involuntary)? Read()
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return null;
        }

        long voluntary = 0, involuntary = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        voluntary += long.Parse(line.AsSpan("voluntary_ctxt_switches:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        involuntary += long.Parse(line.AsSpan("nonvoluntary_ctxt_switches:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
                // The thread ended while being read; its switches are gone with it.
            }
        }

        return (voluntary, involuntary);
    }
}
