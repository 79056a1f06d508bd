using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Chunks;
using Microsoft.Extensions.Time.Testing;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Tsdb.Tests.Compaction;

/// <summary>Builds blocks from plain samples and reads blocks back into plain samples.</summary>
internal static class CompactionTestData
{
    public const long Hour = 3_600_000;

    public static readonly FakeTimeProvider Clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    public static LabelSet Labels(string name, string instance) => LabelSet.FromStrings("__name__", name, "instance", instance);

    /// <summary>A series whose samples are cut into chunks of <paramref name="perChunk"/>.</summary>
    public static BlockSeries Series(LabelSet labels, IReadOnlyList<(long T, double V)> samples, int perChunk = 120)
    {
        var chunks = new List<BlockChunk>();
        for (var i = 0; i < samples.Count; i += perChunk)
        {
            var part = samples.Skip(i).Take(perChunk).ToArray();
            chunks.Add(new BlockChunk(part[0].T, part[^1].T, XorChunk.Encode(part)));
        }
        return new BlockSeries(labels, chunks);
    }

    /// <summary>Samples every <paramref name="stepMs"/> in [<paramref name="from"/>, <paramref name="to"/>), value from time.</summary>
    public static List<(long T, double V)> Samples(long from, long to, long stepMs, double offset = 0)
    {
        var list = new List<(long, double)>();
        for (var t = from; t < to; t += stepMs) list.Add((t, (t / 1000 % 977) + offset));
        return list;
    }

    public static BlockReader WriteBlock(string dir, long minT, long maxT, params BlockSeries[] series)
    {
        var meta = new BlockWriter(Clock).Write(dir, series, minT, maxT);
        return BlockReader.Open(Path.Combine(dir, meta.Ulid.ToString()));
    }

    /// <summary>Every sample of the block, by label set text, through the block querier (so tombstones apply).</summary>
    public static Dictionary<string, List<(long T, double V)>> ReadAll(BlockReader block)
    {
        var result = new Dictionary<string, List<(long, double)>>(StringComparer.Ordinal);
        using var q = block.Querier(long.MinValue, long.MaxValue);
        var set = q.Select(true, null, new Matcher(MatchType.Regex, "__name__", ".+"));
        while (set.MoveNext())
        {
            var list = new List<(long, double)>();
            var it = set.Current.Iterator();
            while (it.Next() == ValueKind.Float) list.Add(it.At());
            Assert.Null(it.Error);
            if (list.Count > 0) result[set.Current.Labels.ToString()] = list;
        }
        Assert.Null(set.Error);
        return result;
    }

    /// <summary>Every chunk meta of every series, to check chunk sizes and order.</summary>
    public static List<(LabelSet Labels, List<ChunkMeta> Chunks)> ChunkMetas(BlockReader block)
    {
        var result = new List<(LabelSet, List<ChunkMeta>)>();
        foreach (var r in block.Index.AllPostings())
        {
            var chunks = new List<ChunkMeta>();
            var labels = block.Index.Series(r, chunks);
            result.Add((labels, chunks));
        }
        return result;
    }

    public static BlockMeta Meta(long minT, long maxT, int level = 1, long series = 100, long tombstones = 0, byte id = 0)
    {
        var random = new byte[10];
        random[9] = id;
        var ulid = Ulid.FromParts(1_700_000_000_000 + id, random);
        return new BlockMeta(ulid, minT, maxT, 1000, series, 10, level, [ulid], NumTombstones: tombstones);
    }
}
