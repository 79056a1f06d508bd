using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Tsdb;

/// <summary>
/// One series in the head. Every mutable field is guarded by <c>lock (series)</c>; the monitor costs nothing until
/// contended, which keeps the per-series footprint down to this object, its chunks and its index entries.
/// </summary>
/// <remarks>
/// Readers take a <see cref="SeriesSnapshot"/> under the lock and decode without it: sealed chunks never change,
/// <see cref="Chunks"/> only gains entries past a snapshot's count (truncation swaps in a new array), and the open
/// chunk's written bits never change (see <see cref="BitWriter"/>).
/// </remarks>
internal sealed class MemSeries(ulong reference, LabelSet labels)
{
    public readonly ulong Ref = reference;
    public readonly LabelSet Labels = labels;

    public ClosedChunk[] Chunks = [];
    public int ChunkCount;
    /// <summary>The chunk being written; <see cref="XorChunkAppender.NumSamples"/> 0 means there is none.</summary>
    public XorChunkAppender Open;
    public long OpenMinTime;

    /// <summary>The newest committed sample; <see cref="long.MinValue"/> while the series has none.</summary>
    public long LastT = long.MinValue;
    public ulong LastVBits;

    /// <summary>The batch with uncommitted samples for this series, and its newest one, for in-batch ordering checks and to keep GC away.</summary>
    public object? PendingOwner;
    public long PendingT;
    public ulong PendingVBits;

    public MetricMetadata? Metadata;

    /// <summary>Set by truncation once the series left the maps; appenders holding it must look the labels up again.</summary>
    public bool Deleted;

    public bool HasSamples => ChunkCount > 0 || Open.NumSamples > 0;

    public long FirstT => ChunkCount > 0 ? Chunks[0].MinTime : Open.NumSamples > 0 ? OpenMinTime : long.MaxValue;

    /// <summary>Appends a committed sample (ordering already checked); returns 1 when it started a new chunk.</summary>
    public int AppendCommitted(long t, double v, ulong vBits, int samplesPerChunk)
    {
        var created = 0;
        if (Open.NumSamples == 0)
        {
            // Size the new buffer after the previous chunk so that a steady series grows it rarely, if at all.
            var hint = ChunkCount > 0 ? Chunks[ChunkCount - 1].Data.Length : 24;
            Open = new XorChunkAppender(hint + (hint >> 3) + 8);
            OpenMinTime = t;
            created = 1;
        }
        Open.Append(t, v);
        LastT = t;
        LastVBits = vBits;
        if (Open.NumSamples >= samplesPerChunk) Seal();
        return created;
    }

    private void Seal()
    {
        if (ChunkCount == Chunks.Length)
        {
            var grown = new ClosedChunk[Math.Max(2, Chunks.Length * 2)];
            Array.Copy(Chunks, grown, ChunkCount);
            Chunks = grown;
        }
        Chunks[ChunkCount] = new ClosedChunk(Open.ToArray(), OpenMinTime, LastT);
        ChunkCount++;
        Open = default;
    }

    /// <summary>Drops sealed chunks ending before <paramref name="minTime"/>; returns how many were dropped.</summary>
    public int DropChunksBefore(long minTime)
    {
        var drop = 0;
        while (drop < ChunkCount && Chunks[drop].MaxTime < minTime) drop++;
        if (drop == 0) return 0;
        // A new array, never a shift in place: snapshots taken earlier keep reading the old one.
        var kept = new ClosedChunk[ChunkCount - drop];
        Array.Copy(Chunks, drop, kept, 0, kept.Length);
        Chunks = kept;
        ChunkCount = kept.Length;
        return drop;
    }

    /// <summary>Drops everything including the open chunk; returns the number of chunks dropped.</summary>
    public int DropAll()
    {
        var dropped = ChunkCount + (Open.NumSamples > 0 ? 1 : 0);
        Chunks = [];
        ChunkCount = 0;
        Open = default;
        return dropped;
    }

    /// <summary>Captures what a reader needs. Call under the series lock.</summary>
    public SeriesSnapshot Snapshot() =>
        new(Chunks, ChunkCount, Open.NumSamples > 0 ? Open.Buffer : null, Open.ByteLength, Open.NumSamples, OpenMinTime, LastT);
}
