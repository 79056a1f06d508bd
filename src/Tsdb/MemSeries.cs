using System.Runtime.CompilerServices;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Tsdb.Chunks;
using MetricsServer.Tsdb.HeadChunks;

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
    /// <summary>Bytes of the last sealed chunk, to size the next one's buffer.</summary>
    private int _lastChunkBytes = 24;
    /// <summary>The open chunk is cut before a sample at or after this time (see <see cref="HeadOptions.SamplesPerChunk"/>).</summary>
    private long _nextAt = long.MaxValue;

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

    /// <summary>
    /// Appends a committed sample (ordering already checked); returns 1 when it started a new chunk. A chunk that
    /// fills up is sealed into <paramref name="disk"/> when given, else kept on the heap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int AppendCommitted(long t, double v, ulong vBits, HeadOptions options, HeadChunkDiskMapper? disk)
    {
        var samplesPerChunk = options.SamplesPerChunk;
        if (Open.NumSamples > 0 && (t >= _nextAt || Open.NumSamples >= 2 * samplesPerChunk)) Seal(disk);
        var created = 0;
        if (Open.NumSamples == 0)
        {
            // Size the new buffer after the previous chunk so that a steady series grows it rarely, if at all.
            var hint = _lastChunkBytes;
            Open = new XorChunkAppender(hint + (hint >> 3) + 8);
            OpenMinTime = t;
            _nextAt = options.ChunkRangeMs > 0 ? TimeRange.End(t, options.ChunkRangeMs) : long.MaxValue;
            created = 1;
        }
        Open.Append(t, v);
        LastT = t;
        LastVBits = vBits;
        if (options.ChunkRangeMs <= 0)
        {
            if (Open.NumSamples >= samplesPerChunk) Seal(disk);
        }
        else if (Open.NumSamples == samplesPerChunk / 4)
        {
            _nextAt = EvenChunkEnd(OpenMinTime, t, _nextAt);
        }
        return created;
    }

    /// <summary>
    /// Once a chunk is a quarter full, its rate so far tells how many full chunks fit in the rest of the range; the
    /// range is split evenly among them, so chunks come out near the target size and none is left tiny at its end.
    /// </summary>
    private static long EvenChunkEnd(long start, long current, long rangeEnd)
    {
        var quarterSpan = current - start + 1;
        var chunksLeft = (rangeEnd - start) / (quarterSpan * 4);
        return chunksLeft <= 1 ? rangeEnd : start + ((rangeEnd - start) / chunksLeft);
    }

    private void Seal(HeadChunkDiskMapper? disk)
    {
        if (ChunkCount == Chunks.Length)
        {
            var grown = new ClosedChunk[Math.Max(2, Chunks.Length * 2)];
            Array.Copy(Chunks, grown, ChunkCount);
            Chunks = grown;
        }
        _lastChunkBytes = Open.ByteLength;
        Chunks[ChunkCount] = disk is null
            ? new ClosedChunk(Open.ToArray(), 0, OpenMinTime, LastT)
            : new ClosedChunk(null, disk.Write(Ref, OpenMinTime, LastT, XorChunk.Encoding, Open.Buffer.AsSpan(0, Open.ByteLength)), OpenMinTime, LastT);
        ChunkCount++;
        Open = default;
    }

    /// <summary>Takes over chunks found in the head chunk files at start-up (oldest first), before any sample is appended.</summary>
    public void AttachDiskChunks(ClosedChunk[] chunks, ulong lastVBits)
    {
        Chunks = chunks;
        ChunkCount = chunks.Length;
        LastT = chunks[^1].MaxTime;
        LastVBits = lastVBits;
    }

    /// <summary>The lowest head chunk file this series still reads, or <see cref="int.MaxValue"/>.</summary>
    public int LowestChunkFile()
    {
        for (var i = 0; i < ChunkCount; i++)
        {
            if (Chunks[i].Data is null) return HeadChunkFormat.FileIndexOf(Chunks[i].DiskRef);
        }
        return int.MaxValue;
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
