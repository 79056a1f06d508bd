using MetricsServer.Model.Labels;

namespace MetricsServer.Tsdb.Blocks;

public sealed partial class BlockReader
{
    private readonly Lock _deleteLock = new();

    /// <summary>
    /// Deletes the samples in [<paramref name="minTimeMs"/>, <paramref name="maxTimeMs"/>] (both inclusive) of the
    /// series matching every matcher, as Prometheus's delete-series API does for a block: each matching series with a
    /// chunk in the range gets a tombstone interval, clamped to the series' own time span and merged with the
    /// intervals it already has. The <c>tombstones</c> file and <c>meta.json</c> (its <c>numTombstones</c>) are
    /// replaced atomically, and then this reader's <see cref="Tombstones"/> and <see cref="Meta"/>. Returns the number
    /// of series that got an interval; 0 changes nothing. Deletes are serialised; queries may run meanwhile.
    /// </summary>
    /// <exception cref="BlockFormatException">The index is corrupt.</exception>
    /// <exception cref="IOException">The files could not be written; the reader then keeps its old tombstones.</exception>
    public int Delete(long minTimeMs, long maxTimeMs, params Matcher[] matchers)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        if (maxTimeMs < minTimeMs) return 0;
        lock (_deleteLock)
        {
            var added = new List<(uint, long, long)>();
            var chunks = new List<ChunkMeta>();
            foreach (var r in BlockQuerier.PostingsForMatchers(Index, matchers))
            {
                Index.Series(r, chunks);
                foreach (var c in chunks)
                {
                    if (!c.Overlaps(minTimeMs, maxTimeMs)) continue;
                    // Clamping keeps intervals small on disk and equal to what Prometheus writes for the same request.
                    added.Add((r, Math.Max(minTimeMs, chunks[0].MinTimeMs), Math.Min(maxTimeMs, chunks[^1].MaxTimeMs)));
                    break;
                }
            }
            if (added.Count == 0) return 0;
            var state = _state;
            var tombstones = state.Tombstones.WithIntervals(added);
            var meta = state.Meta with { NumTombstones = tombstones.Count };
            tombstones.WriteFile(Directory);
            AtomicFile.Write(Path.Combine(Directory, BlockMeta.FileName), meta.ToJson());
            _state = new State(meta, tombstones);
            return added.Count;
        }
    }
}
