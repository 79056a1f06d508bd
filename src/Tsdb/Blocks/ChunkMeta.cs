namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// Where one chunk of a series is and what time it covers, as the index records it: first and last sample
/// timestamps (both inclusive) and the chunk reference <c>segment index &lt;&lt; 32 | offset</c>.
/// </summary>
public readonly record struct ChunkMeta(long MinTimeMs, long MaxTimeMs, ulong Ref)
{
    /// <summary>The 0-based position of the chunk's segment among the block's sorted chunk files.</summary>
    public int Segment => (int)(Ref >> 32);

    /// <summary>Byte offset of the chunk in its segment file.</summary>
    public uint Offset => (uint)Ref;

    public static ulong MakeRef(int segment, uint offset) => ((ulong)(uint)segment << 32) | offset;

    public bool Overlaps(long minTimeMs, long maxTimeMs) => MinTimeMs <= maxTimeMs && MaxTimeMs >= minTimeMs;
}
