using MetricsServer.Model.Labels;
using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// Writes a persistent block in Prometheus's layout: <c>&lt;ULID&gt;/chunks/000001...</c>, <c>index</c>,
/// <c>tombstones</c> (empty) and <c>meta.json</c>. Everything is written under <c>&lt;ULID&gt;.tmp-for-creation</c>,
/// fsynced, and then renamed into place, so a block directory with its final name is always complete.
/// Thread-safe: each call writes its own directory.
/// </summary>
public sealed class BlockWriter
{
    public const string TemporarySuffix = ".tmp-for-creation";

    private readonly TimeProvider _time;
    private readonly long _segmentSize;

    public BlockWriter(TimeProvider time, long segmentSize = ChunkSegmentFormat.DefaultSegmentSize)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _segmentSize = segmentSize;
    }

    /// <summary>
    /// Writes <paramref name="series"/> (in any order; series without chunks are left out) as a new level-1 block
    /// under <paramref name="dataDirectory"/> and returns its meta. The block's range is
    /// [<paramref name="minTimeMs"/>, <paramref name="maxTimeMs"/>) when given, else from the first sample to one
    /// past the last.
    /// </summary>
    /// <exception cref="ArgumentException">Duplicate label sets, or a series' chunks out of order or overlapping.</exception>
    public BlockMeta Write(string dataDirectory, IReadOnlyList<BlockSeries> series, long? minTimeMs = null, long? maxTimeMs = null) =>
        Write(dataDirectory, series, BlockWriteOptions.Default with { MinTimeMs = minTimeMs, MaxTimeMs = maxTimeMs });

    /// <summary>
    /// Writes <paramref name="series"/> (in any order; series without chunks are left out) as a new block with the
    /// level, sources, parents and range of <paramref name="options"/>, and returns its meta. An empty block is
    /// written too.
    /// </summary>
    /// <exception cref="ArgumentException">Duplicate label sets, or a series' chunks out of order or overlapping.</exception>
    public BlockMeta Write(string dataDirectory, IReadOnlyList<BlockSeries> series, BlockWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        var ordered = new List<BlockSeries>(series.Count);
        foreach (var s in series)
        {
            if (s.Chunks.Count > 0) ordered.Add(s);
        }
        ordered.Sort(static (a, b) => LabelSetComparer.Instance.Compare(a.Labels, b.Labels));
        return WriteCore(dataDirectory, ordered, options, keepEmpty: true)!;
    }

    /// <summary>
    /// Writes series that arrive already in the index's label-set order (<see cref="LabelSetComparer"/>), consuming
    /// <paramref name="sortedSeries"/> once and holding only one series' chunks at a time, so that a compaction
    /// streams. Series without chunks are left out. Returns the new block's meta, or null, leaving nothing behind,
    /// when no series had a chunk.
    /// </summary>
    /// <exception cref="ArgumentException">Series out of label order or repeated, or a series' chunks out of order or overlapping.</exception>
    public BlockMeta? WriteSorted(string dataDirectory, IEnumerable<BlockSeries> sortedSeries, BlockWriteOptions options) =>
        WriteCore(dataDirectory, sortedSeries, options, keepEmpty: false);

    private BlockMeta? WriteCore(string dataDirectory, IEnumerable<BlockSeries> sortedSeries, BlockWriteOptions options, bool keepEmpty)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(sortedSeries);
        ArgumentNullException.ThrowIfNull(options);
        var ulid = Ulid.New(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var final = Path.Combine(dataDirectory, ulid.ToString());
        var temp = final + TemporarySuffix;
        Directory.CreateDirectory(temp);
        try
        {
            long numSamples = 0, numChunks = 0, mint = long.MaxValue, maxt = long.MinValue;
            var labels = new List<LabelSet>();
            var metas = new List<ChunkMeta[]>();
            using (var chunks = new ChunkSegmentWriter(Path.Combine(temp, ChunkSegmentFormat.DirectoryName), _segmentSize))
            {
                foreach (var s in sortedSeries)
                {
                    if (s.Chunks.Count == 0) continue;
                    if (labels.Count > 0)
                    {
                        var order = LabelSetComparer.Instance.Compare(labels[^1], s.Labels);
                        if (order == 0) throw new ArgumentException($"series {s.Labels} appears twice", nameof(sortedSeries));
                        if (order > 0) throw new ArgumentException($"series {s.Labels} comes after {labels[^1]}, out of label order", nameof(sortedSeries));
                    }
                    var m = new ChunkMeta[s.Chunks.Count];
                    for (var j = 0; j < m.Length; j++)
                    {
                        var c = s.Chunks[j];
                        if (c.MaxTimeMs < c.MinTimeMs) throw new ArgumentException($"series {s.Labels}: chunk {j} ends before it starts", nameof(sortedSeries));
                        if (j > 0 && c.MinTimeMs < m[j - 1].MaxTimeMs) throw new ArgumentException($"series {s.Labels}: chunk {j} overlaps or precedes chunk {j - 1}", nameof(sortedSeries));
                        m[j] = new ChunkMeta(c.MinTimeMs, c.MaxTimeMs, chunks.Write(XorChunk.Encoding, c.Chunk.Bytes));
                        numSamples += c.Chunk.NumSamples;
                        mint = Math.Min(mint, c.MinTimeMs);
                        maxt = Math.Max(maxt, c.MaxTimeMs);
                    }
                    numChunks += m.Length;
                    labels.Add(s.Labels);
                    metas.Add(m);
                }
                chunks.Finish();
            }
            if (labels.Count == 0 && !keepEmpty)
            {
                TryDelete(temp);
                return null;
            }
            IndexWriter.Write(Path.Combine(temp, IndexFormat.FileName), labels, metas);
            WriteFileSynced(Path.Combine(temp, Tombstones.FileName), Tombstones.EmptyFileBytes());

            if (mint == long.MaxValue) mint = maxt = 0;
            else maxt++;
            var meta = new BlockMeta(
                ulid,
                options.MinTimeMs ?? mint,
                options.MaxTimeMs ?? maxt,
                numSamples,
                labels.Count,
                numChunks,
                options.CompactionLevel,
                options.Sources ?? [ulid],
                Parents: options.Parents);
            WriteFileSynced(Path.Combine(temp, BlockMeta.FileName), meta.ToJson());
            Directory.Move(temp, final);
            return meta;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void WriteFileSynced(string path, byte[] bytes)
    {
        using var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        f.Write(bytes);
        f.Flush(flushToDisk: true);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // The original failure matters more; a leftover .tmp-for-creation is removed on the next open of the data directory.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
