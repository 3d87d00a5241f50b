using System.Diagnostics;
using System.Globalization;

namespace Nutritionist.Messaging.Benchmarks;

/// <summary>
/// Per-thread counters from Linux's <c>/proc/&lt;pid&gt;/task/*/</c>, summed over a process's live threads: CPU time in
/// nanoseconds (<c>schedstat</c>; <see cref="Process.TotalProcessorTime"/> comes in 10 ms clock ticks, too coarse for a
/// round of a few thousand sends) and context switches, voluntary (a thread waited: epoll, futex) and involuntary
/// (preempted). Elsewhere <see cref="CpuTime"/> falls back to <see cref="Process.TotalProcessorTime"/>.
/// </summary>
internal static class ProcFs
{
    /// <summary>The CPU time of <paramref name="process"/> (this one when <see langword="null"/>).</summary>
    public static TimeSpan CpuTime(Process? process = null)
    {
        var tasks = Tasks(process);
        if (!Directory.Exists(tasks))
        {
            if (process is null)
            {
                return Process.GetCurrentProcess().TotalProcessorTime;
            }

            process.Refresh();
            return process.TotalProcessorTime;
        }

        long nanoseconds = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                var line = File.ReadAllText(Path.Combine(task, "schedstat"));
                var end = line.IndexOf(' ', StringComparison.Ordinal);
                nanoseconds += long.Parse(line.AsSpan(0, end < 0 ? line.Length : end), CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended while being read; its time is gone with it.
            }
        }

        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    /// <summary>This process's context switches, or <see langword="null"/> where <c>/proc</c> is not there.</summary>
    public static (long Voluntary, long Involuntary)? ContextSwitches()
    {
        var tasks = Tasks(null);
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
                        voluntary += long.Parse(line.AsSpan("voluntary_ctxt_switches:".Length).Trim(), CultureInfo.InvariantCulture);
                    }
                    else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        involuntary += long.Parse(line.AsSpan("nonvoluntary_ctxt_switches:".Length).Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
                // As above.
            }
        }

        return (voluntary, involuntary);
    }

    private static string Tasks(Process? process) => process is null ? "/proc/self/task" : $"/proc/{process.Id}/task";
}
