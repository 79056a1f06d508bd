using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Compaction;

/// <summary>
/// Chooses which blocks to compact next, by Prometheus's leveled rules. Block ranges grow by
/// <see cref="RangeFactor"/> from the minimum block duration for <see cref="RangeSteps"/> steps, stopping before the
/// first range longer than the maximum block duration (2h, 6h, 18h, 54h, … by default). Given the existing blocks,
/// <see cref="Plan"/> picks, in this order:
/// <list type="number">
/// <item>overlapping blocks (when allowed): the first run of blocks, by start time, that overlap one another;</item>
/// <item>otherwise, leaving out the newest block (just cut from the head, so users may back it up before it is
/// merged): for the smallest range above the minimum first, blocks that fall together in one aligned window
/// [t, t + range) and either span the whole range or end no later than the start of the newest remaining block,
/// when there are at least two;</item>
/// <item>otherwise a single block worth rewriting for its tombstones: one spanning at least the middle range with
/// more than 5 % as many tombstones as series (numTombstones / (numSeries + 1) &gt; 0.05), or one of any size whose
/// every series is deleted (numTombstones == numSeries), newest first.</item>
/// </list>
/// Pure and thread-safe: it looks only at the metas it is given.
/// </summary>
public sealed class CompactionPlanner
{
    /// <summary>Prometheus's number of exponential block ranges.</summary>
    public const int RangeSteps = 10;

    /// <summary>Prometheus's growth factor between block ranges.</summary>
    public const int RangeFactor = 3;

    /// <summary>Share of tombstones per series above which a large block is rewritten alone.</summary>
    public const double TombstoneRatio = 0.05;

    private readonly long[] _ranges;
    private readonly bool _allowOverlapping;

    /// <exception cref="ArgumentOutOfRangeException">A non-positive duration, or a maximum below the minimum.</exception>
    public CompactionPlanner(long minBlockDurationMs, long maxBlockDurationMs, bool allowOverlapping = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minBlockDurationMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockDurationMs, minBlockDurationMs);
        var ranges = ExponentialRanges(minBlockDurationMs, RangeSteps, RangeFactor);
        var n = 0;
        while (n < ranges.Length && ranges[n] <= maxBlockDurationMs) n++;
        _ranges = ranges[..n];
        _allowOverlapping = allowOverlapping;
    }

    /// <summary>The block ranges in use, ascending; the first is the minimum block duration.</summary>
    public IReadOnlyList<long> Ranges => _ranges;

    /// <summary><paramref name="steps"/> ranges starting at <paramref name="minMs"/>, each <paramref name="factor"/> times the last.</summary>
    public static long[] ExponentialRanges(long minMs, int steps, int factor)
    {
        var ranges = new long[steps];
        var r = minMs;
        for (var i = 0; i < steps; i++)
        {
            ranges[i] = r;
            r = r > long.MaxValue / factor ? long.MaxValue : r * factor;
        }
        return ranges;
    }

    /// <summary>The blocks to compact together next, sorted by start time; empty when nothing is due.</summary>
    public IReadOnlyList<BlockMeta> Plan(IReadOnlyList<BlockMeta> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var sorted = new List<BlockMeta>(blocks);
        sorted.Sort(static (a, b) => a.MinTimeMs != b.MinTimeMs ? a.MinTimeMs.CompareTo(b.MinTimeMs) : a.Ulid.CompareTo(b.Ulid));
        if (_allowOverlapping)
        {
            var overlapping = FirstOverlappingRun(sorted);
            if (overlapping.Count > 0) return overlapping;
        }
        if (sorted.Count < 2) return [];
        sorted.RemoveAt(sorted.Count - 1);
        var leveled = SelectLeveled(sorted);
        if (leveled.Count > 1) return leveled;
        return SelectForTombstones(sorted);
    }

    private static List<BlockMeta> FirstOverlappingRun(List<BlockMeta> sorted)
    {
        var run = new List<BlockMeta>();
        if (sorted.Count < 2) return run;
        var maxt = sorted[0].MaxTimeMs;
        for (var i = 1; i < sorted.Count; i++)
        {
            var b = sorted[i];
            if (b.MinTimeMs < maxt)
            {
                if (run.Count == 0) run.Add(sorted[i - 1]);
                run.Add(b);
            }
            else if (run.Count > 0)
            {
                break;
            }
            maxt = Math.Max(maxt, b.MaxTimeMs);
        }
        return run;
    }

    private List<BlockMeta> SelectLeveled(List<BlockMeta> sorted)
    {
        if (_ranges.Length < 2 || sorted.Count == 0) return [];
        var highTime = sorted[^1].MinTimeMs;
        for (var r = 1; r < _ranges.Length; r++)
        {
            foreach (var group in SplitByRange(sorted, _ranges[r]))
            {
                var span = group[^1].MaxTimeMs - group[0].MinTimeMs;
                // A window not yet full is left alone while a later block could still land in it.
                if (group.Count > 1 && (span == _ranges[r] || group[^1].MaxTimeMs <= highTime)) return group;
            }
        }
        return [];
    }

    /// <summary>Runs of consecutive blocks lying wholly inside one window [t, t + range) aligned to the range.</summary>
    internal static List<List<BlockMeta>> SplitByRange(List<BlockMeta> sorted, long range)
    {
        var groups = new List<List<BlockMeta>>();
        var i = 0;
        while (i < sorted.Count)
        {
            var start = WindowStart(sorted[i].MinTimeMs, range);
            var end = start + range;
            if (sorted[i].MaxTimeMs > end)
            {
                // Larger than the window (or straddling its end): not part of any group at this range.
                i++;
                continue;
            }
            var group = new List<BlockMeta>();
            while (i < sorted.Count && sorted[i].MinTimeMs >= start && sorted[i].MaxTimeMs <= end) group.Add(sorted[i++]);
            groups.Add(group);
        }
        return groups;
    }

    private static long WindowStart(long t, long range) => t >= 0 ? t / range * range : -((-t + range - 1) / range * range);

    private List<BlockMeta> SelectForTombstones(List<BlockMeta> sorted)
    {
        var bigEnough = _ranges[_ranges.Length / 2];
        for (var i = sorted.Count - 1; i >= 0; i--)
        {
            var m = sorted[i];
            if (m.MaxTimeMs - m.MinTimeMs < bigEnough) continue;
            if ((double)m.NumTombstones / (m.NumSeries + 1) > TombstoneRatio) return [m];
        }
        for (var i = sorted.Count - 1; i >= 0; i--)
        {
            var m = sorted[i];
            if (m.NumTombstones > 0 && m.NumTombstones == m.NumSeries) return [m];
        }
        return [];
    }
}
