using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Tsdb;

/// <summary>
/// The head's data in a time range as block series, for cutting a block or a snapshot: samples re-encoded into
/// XOR chunks of at most 120, with deleted intervals left out. Reads series snapshots, so appends go on meanwhile.
/// </summary>
/// <remarks>The whole range is held in memory as encoded chunks (about 1.5 bytes a sample) while the block is written.</remarks>
internal static class HeadBlockSource
{
    private const int SamplesPerChunk = 120;

    /// <summary>Series with samples in [<paramref name="minTimeMs"/>, <paramref name="maxTimeMs"/>), inclusive start, exclusive end.</summary>
    public static List<BlockSeries> Collect(Head head, long minTimeMs, long maxTimeMs, CancellationToken cancellationToken = default)
    {
        var result = new List<BlockSeries>();
        var iterator = new HeadSampleIterator();
        var samples = new (long TimestampMs, double Value)[SamplesPerChunk];
        var lastInclusive = maxTimeMs - 1;
        head.ForEachSeries(s =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            SeriesSnapshot snapshot;
            lock (s)
            {
                if (s.Deleted) return;
                snapshot = s.Snapshot();
            }
            if (!snapshot.Overlaps(minTimeMs, lastInclusive)) return;
            var deleted = head.Tombstones.Intervals(s.Ref);
            iterator.Reset(snapshot, minTimeMs, lastInclusive, head.ChunkDisk, deleted);
            List<BlockChunk>? chunks = null;
            var n = 0;
            while (iterator.Next() == ValueKind.Float)
            {
                var (t, v) = iterator.At();
                samples[n++] = (t, v);
                if (n == SamplesPerChunk)
                {
                    (chunks ??= []).Add(Encode(samples.AsSpan(0, n)));
                    n = 0;
                }
            }
            if (iterator.Error is { } error) throw new InvalidDataException($"series {s.Labels}: {error.Message}", error);
            if (n > 0) (chunks ??= []).Add(Encode(samples.AsSpan(0, n)));
            if (chunks is not null) result.Add(new BlockSeries(s.Labels, chunks));
        });
        return result;
    }

    private static BlockChunk Encode(ReadOnlySpan<(long TimestampMs, double Value)> samples) =>
        new(samples[0].TimestampMs, samples[^1].TimestampMs, XorChunk.Encode(samples));
}
