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
    public BlockMeta Write(string dataDirectory, IReadOnlyList<BlockSeries> series, long? minTimeMs = null, long? maxTimeMs = null)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(series);
        var ordered = new List<BlockSeries>(series.Count);
        foreach (var s in series)
        {
            if (s.Chunks.Count > 0) ordered.Add(s);
        }
        ordered.Sort(static (a, b) => Utf8Order.Instance.Compare(a.Labels, b.Labels));

        var ulid = Ulid.New(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var final = Path.Combine(dataDirectory, ulid.ToString());
        var temp = final + TemporarySuffix;
        Directory.CreateDirectory(temp);
        try
        {
            long numSamples = 0, numChunks = 0, mint = long.MaxValue, maxt = long.MinValue;
            var labels = new LabelSet[ordered.Count];
            var metas = new ChunkMeta[ordered.Count][];
            using (var chunks = new ChunkSegmentWriter(Path.Combine(temp, ChunkSegmentFormat.DirectoryName), _segmentSize))
            {
                for (var i = 0; i < ordered.Count; i++)
                {
                    var s = ordered[i];
                    labels[i] = s.Labels;
                    var m = new ChunkMeta[s.Chunks.Count];
                    for (var j = 0; j < m.Length; j++)
                    {
                        var c = s.Chunks[j];
                        if (c.MaxTimeMs < c.MinTimeMs) throw new ArgumentException($"series {s.Labels}: chunk {j} ends before it starts", nameof(series));
                        if (j > 0 && c.MinTimeMs < m[j - 1].MaxTimeMs) throw new ArgumentException($"series {s.Labels}: chunk {j} overlaps or precedes chunk {j - 1}", nameof(series));
                        m[j] = new ChunkMeta(c.MinTimeMs, c.MaxTimeMs, chunks.Write(XorChunk.Encoding, c.Chunk.Bytes));
                        numSamples += c.Chunk.NumSamples;
                        mint = Math.Min(mint, c.MinTimeMs);
                        maxt = Math.Max(maxt, c.MaxTimeMs);
                    }
                    numChunks += m.Length;
                    metas[i] = m;
                }
                chunks.Finish();
            }
            for (var i = 1; i < labels.Length; i++)
            {
                if (labels[i].Equals(labels[i - 1])) throw new ArgumentException($"series {labels[i]} appears twice", nameof(series));
            }
            IndexWriter.Write(Path.Combine(temp, IndexFormat.FileName), labels, metas);
            WriteFileSynced(Path.Combine(temp, Tombstones.FileName), Tombstones.EmptyFileBytes());

            if (mint == long.MaxValue) mint = maxt = 0;
            else maxt++;
            var meta = new BlockMeta(ulid, minTimeMs ?? mint, maxTimeMs ?? maxt, numSamples, ordered.Count, numChunks, 1, [ulid]);
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
