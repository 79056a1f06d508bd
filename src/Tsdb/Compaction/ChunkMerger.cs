using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Tsdb.Compaction;

/// <summary>
/// Turns the chunks one series has across the blocks of a compaction into the chunks of the new block. A chunk that
/// overlaps no other and that no deletion touches is copied byte for byte; chunks that overlap one another (blocks
/// overlapping in time, vertical compaction) or that a tombstone cuts into are decoded, their samples merged by
/// timestamp with deleted ones removed, and re-encoded into XOR chunks of at most <see cref="MaxSamplesPerChunk"/>
/// samples. On a duplicate timestamp the sample from the block listed first in the compaction wins. Not thread-safe:
/// it reuses its buffers between series.
/// </summary>
internal sealed class ChunkMerger
{
    /// <summary>Prometheus's target chunk size, which its compaction also uses when it re-encodes.</summary>
    public const int MaxSamplesPerChunk = 120;

    private readonly XorChunkIterator _iterator = new();
    private readonly List<Sample> _samples = [];
    private readonly List<SourceChunk> _group = [];
    private byte[] _buffer = new byte[256];

    /// <summary>
    /// The merged chunks, in time order and not overlapping; empty when every sample was deleted.
    /// <paramref name="chunks"/> is reordered.
    /// </summary>
    /// <exception cref="BlockFormatException">A chunk is corrupt or not XOR-encoded.</exception>
    public List<BlockChunk> Merge(List<SourceChunk> chunks)
    {
        chunks.RemoveAll(static c => c.WhollyDeleted());
        chunks.Sort(static (a, b) =>
            a.Meta.MinTimeMs != b.Meta.MinTimeMs ? a.Meta.MinTimeMs.CompareTo(b.Meta.MinTimeMs)
            : a.Source != b.Source ? a.Source.CompareTo(b.Source)
            : a.Meta.MaxTimeMs.CompareTo(b.Meta.MaxTimeMs));
        var result = new List<BlockChunk>(chunks.Count);
        var i = 0;
        while (i < chunks.Count)
        {
            // A group is a run of chunks each starting at or before the latest end seen so far in the run.
            _group.Clear();
            _group.Add(chunks[i]);
            var groupMax = chunks[i].Meta.MaxTimeMs;
            var j = i + 1;
            while (j < chunks.Count && chunks[j].Meta.MinTimeMs <= groupMax)
            {
                _group.Add(chunks[j]);
                groupMax = Math.Max(groupMax, chunks[j].Meta.MaxTimeMs);
                j++;
            }
            i = j;
            if (_group.Count == 1 && !_group[0].TouchedByDeletion()) result.Add(Copy(_group[0]));
            else Reencode(result);
        }
        return result;
    }

    private BlockChunk Copy(SourceChunk c)
    {
        var length = ReadXor(c);
        return new BlockChunk(c.Meta.MinTimeMs, c.Meta.MaxTimeMs, new XorChunk(_buffer.AsSpan(0, length).ToArray()));
    }

    private void Reencode(List<BlockChunk> result)
    {
        _samples.Clear();
        foreach (var c in _group)
        {
            var length = ReadXor(c);
            _iterator.Reset(_buffer, length, XorChunk.ReadNumSamples(_buffer.AsSpan(0, length)));
            while (_iterator.Next() == ValueKind.Float)
            {
                var (t, v) = _iterator.At();
                if (!Tombstones.IsDeleted(c.Deleted, t)) _samples.Add(new Sample(t, v, c.Source, _samples.Count));
            }
            if (_iterator.Error is not null)
                throw new BlockFormatException("chunks", "chunk", $"chunk {c.Meta.Ref:x} does not decode: {_iterator.Error.Message}", c.Meta.Offset, _iterator.Error);
        }
        _samples.Sort(static (a, b) =>
            a.T != b.T ? a.T.CompareTo(b.T) : a.Source != b.Source ? a.Source.CompareTo(b.Source) : a.Sequence.CompareTo(b.Sequence));
        var kept = new List<(long, double)>(_samples.Count);
        foreach (var s in _samples)
        {
            if (kept.Count > 0 && kept[^1].Item1 == s.T) continue;
            kept.Add((s.T, s.V));
        }
        var all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kept);
        for (var start = 0; start < all.Length; start += MaxSamplesPerChunk)
        {
            var part = all.Slice(start, Math.Min(MaxSamplesPerChunk, all.Length - start));
            result.Add(new BlockChunk(part[0].Item1, part[^1].Item1, XorChunk.Encode(part)));
        }
    }

    /// <summary>Reads the chunk into the start of the buffer and returns its data length.</summary>
    private int ReadXor(SourceChunk c)
    {
        var (encoding, length) = c.Chunks.Read(c.Meta.Ref, ref _buffer);
        if (encoding != XorChunk.Encoding)
            throw new BlockFormatException("chunks", "chunk", $"encoding {encoding} is not supported (only XOR, 1)", c.Meta.Offset);
        if (length < 2) throw new BlockFormatException("chunks", "chunk", "chunk shorter than its 2-byte header", c.Meta.Offset);
        return length;
    }

    private readonly record struct Sample(long T, double V, int Source, int Sequence);
}
