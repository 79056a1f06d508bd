using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Compaction;

/// <summary>
/// Which whole blocks <c>--storage.tsdb.retention.time</c> and <c>--storage.tsdb.retention.size</c> remove, by
/// Prometheus's rules. Blocks are taken newest first, by start time.
/// <list type="bullet">
/// <item>Time: the reference is the newest block's end, not the wall clock. Walking from the newest, the first block
/// whose end lies at least the retention before that reference (reference − maxTime ≥ retention, as Prometheus's
/// BeyondTimeRetention compares, prometheus/prometheus#13790) is deleted with every older block. So a block goes only
/// once all its samples have expired.</item>
/// <item>Size: the budget starts with the bytes of the WAL, its checkpoints and the head chunks, which are counted but
/// never deleted; blocks are added newest first, and the first block that takes the total past the limit is deleted
/// with every older one. Blocks already deleted for time do not count.</item>
/// </list>
/// A retention of 0 or less disables that rule. Pure functions, thread-safe.
/// </summary>
public static class RetentionPolicy
{
    /// <summary>Blocks beyond <paramref name="retentionMs"/>, oldest last.</summary>
    public static IReadOnlyList<BlockDeletion> BeyondTimeRetention(IReadOnlyList<BlockMeta> blocks, long retentionMs)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var result = new List<BlockDeletion>();
        if (retentionMs <= 0 || blocks.Count == 0) return result;
        var newestFirst = NewestFirst(blocks, static m => m);
        var reference = newestFirst[0].MaxTimeMs;
        for (var i = 1; i < newestFirst.Count; i++)
        {
            if (reference - newestFirst[i].MaxTimeMs < retentionMs) continue;
            for (var j = i; j < newestFirst.Count; j++) result.Add(new BlockDeletion(newestFirst[j].Ulid, RetentionReason.Time));
            break;
        }
        return result;
    }

    /// <summary>
    /// Blocks to delete so that they plus <paramref name="walAndHeadChunksBytes"/> fit in <paramref name="maxBytes"/>,
    /// oldest last.
    /// </summary>
    public static IReadOnlyList<BlockDeletion> BeyondSizeRetention(IReadOnlyList<BlockSize> blocks, long walAndHeadChunksBytes, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var result = new List<BlockDeletion>();
        if (maxBytes <= 0 || blocks.Count == 0) return result;
        var newestFirst = NewestFirst(blocks, static b => b.Meta);
        var total = walAndHeadChunksBytes;
        for (var i = 0; i < newestFirst.Count; i++)
        {
            total += newestFirst[i].Bytes;
            if (total <= maxBytes) continue;
            for (var j = i; j < newestFirst.Count; j++) result.Add(new BlockDeletion(newestFirst[j].Meta.Ulid, RetentionReason.Size));
            break;
        }
        return result;
    }

    /// <summary>
    /// Both rules, time first: blocks beyond the retention time, then, among the rest, those beyond the size limit.
    /// Either limit may be 0 (off).
    /// </summary>
    public static IReadOnlyList<BlockDeletion> Select(IReadOnlyList<BlockSize> blocks, long retentionMs, long maxBytes, long walAndHeadChunksBytes)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var metas = new List<BlockMeta>(blocks.Count);
        foreach (var b in blocks) metas.Add(b.Meta);
        var result = new List<BlockDeletion>(BeyondTimeRetention(metas, retentionMs));
        var gone = new HashSet<Ulid>();
        foreach (var d in result) gone.Add(d.Ulid);
        var rest = new List<BlockSize>(blocks.Count);
        foreach (var b in blocks)
        {
            if (!gone.Contains(b.Meta.Ulid)) rest.Add(b);
        }
        result.AddRange(BeyondSizeRetention(rest, walAndHeadChunksBytes, maxBytes));
        return result;
    }

    /// <summary>
    /// Bytes on disk under <paramref name="directory"/>: the sum of its files' lengths, recursively (a block's chunk
    /// segments, index, tombstones and meta.json; or the WAL with its checkpoints). 0 when it does not exist.
    /// </summary>
    public static long DirectorySizeBytes(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var info = new DirectoryInfo(directory);
        if (!info.Exists) return 0;
        long total = 0;
        foreach (var f in info.EnumerateFiles("*", SearchOption.AllDirectories)) total += f.Length;
        return total;
    }

    private static List<T> NewestFirst<T>(IReadOnlyList<T> blocks, Func<T, BlockMeta> meta)
    {
        var list = new List<T>(blocks);
        list.Sort((a, b) =>
        {
            var x = meta(a);
            var y = meta(b);
            return x.MinTimeMs != y.MinTimeMs ? y.MinTimeMs.CompareTo(x.MinTimeMs) : y.Ulid.CompareTo(x.Ulid);
        });
        return list;
    }
}
