using CsCheck;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Tsdb.Tests.Blocks;

public class BlockReaderTests
{
    // Fragments chosen to exercise UTF-8 ordering: multi-byte characters, a private-use character (U+E000) and a
    // surrogate pair (U+1F600), which sort differently in UTF-16 and UTF-8.
    private static readonly string[] Fragments = ["a", "b", "z", "0", "é", "日", "\uE000", "😀", " ", "\"", "_"];

    private static readonly Gen<string> Value = Gen.OneOf(Fragments).Array[1, 4].Select(string.Concat);

    private static readonly Gen<LabelSet> Labels =
        Gen.Select(Gen.OneOf("up", "a_total", "b", "c😀"), Gen.Select(Gen.OneOf("job", "x", "y", "zone"), Value).Array[0, 3])
            .Select(t =>
            {
                var b = new Dictionary<string, string>(StringComparer.Ordinal) { ["__name__"] = t.Item1 };
                foreach (var (n, v) in t.Item2) b[n] = v;
                return LabelSet.FromUnsorted(b.Select(kv => new Label(kv.Key, kv.Value)).ToArray());
            });

    private static readonly Gen<(long T, double V)[][]> Chunks =
        Gen.Select(Gen.Long[-5_000_000, 5_000_000], Gen.Select(Gen.Int[0, 100_000], Gen.Double).Array[1, 25].Array[1, 3])
            .Select(t =>
            {
                var time = t.Item1;
                var result = new (long, double)[t.Item2.Length][];
                for (var c = 0; c < result.Length; c++)
                {
                    result[c] = new (long, double)[t.Item2[c].Length];
                    for (var s = 0; s < result[c].Length; s++)
                    {
                        time += t.Item2[c][s].Item1 + 1;
                        result[c][s] = (time, t.Item2[c][s].Item2);
                    }
                }
                return result;
            });

    [Fact]
    public void WriteThenRead_RandomSeries_ReturnsSameLabelsAndSamples()
    {
        Gen.Select(Labels, Chunks).Array[1, 30].Sample(generated =>
        {
            var unique = new Dictionary<LabelSet, (long T, double V)[][]>();
            foreach (var (l, c) in generated) unique[l] = c;
            using var dir = new TempDataDirectory();
            var input = unique.Select(kv => new BlockSeries(kv.Key, kv.Value.Select(c => new BlockChunk(c[0].T, c[^1].T, XorChunk.Encode(c))).ToList())).ToList();
            var meta = new BlockWriter(TimeProvider.System).Write(dir.Path, input);

            using var block = BlockReader.Open(Path.Combine(dir.Path, meta.Ulid.ToString()));
            Assert.Equal(meta, block.Meta with { Sources = meta.Sources });
            using var q = block.Querier(long.MinValue, long.MaxValue);
            var set = q.Select(true, null, new Matcher(Model.Labels.MatchType.Regex, "__name__", ".+"));
            var read = new List<(LabelSet, List<(long, double)>)>();
            while (set.MoveNext())
            {
                var it = set.Current.Iterator();
                var samples = new List<(long, double)>();
                while (it.Next() == ValueKind.Float) samples.Add(it.At());
                Assert.Null(it.Error);
                read.Add((set.Current.Labels, samples));
            }
            Assert.Null(set.Error);
            var expected = unique.OrderBy(kv => kv.Key, LabelSetComparer.Instance).ToList();
            Assert.Equal(expected.Count, read.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Key, read[i].Item1);
                Assert.Equal(expected[i].Value.SelectMany(c => c).ToList(), read[i].Item2);
            }
        }, iter: 40);
    }

    [Fact]
    public void Querier_SubRange_ReturnsOnlySamplesInsideItInclusive()
    {
        using var dir = new TempDataDirectory();
        var data = BlockTestData.Generate(count: 20, chunksPerSeries: 4, samplesPerChunk: 30);
        var meta = new BlockWriter(TimeProvider.System).Write(dir.Path, data.ConvertAll(d => d.Series));
        using var block = BlockReader.Open(Path.Combine(dir.Path, meta.Ulid.ToString()));
        var first = data[5].Samples;
        var mint = first[40].T;
        var maxt = first[70].T;

        using var q = block.Querier(mint, maxt);
        var set = q.Select(false, null, Matcher.Equal("series", "5"));
        Assert.True(set.MoveNext());
        var it = set.Current.Iterator();
        var got = new List<(long, double)>();
        while (it.Next() == ValueKind.Float) got.Add(it.At());
        Assert.Equal(first.GetRange(40, 31), got);
        Assert.False(set.MoveNext());
    }

    [Fact]
    public void Iterator_Seek_SkipsWholeChunksAndLandsOnFirstSampleAtOrAfter()
    {
        using var dir = new TempDataDirectory();
        var data = BlockTestData.Generate(count: 3, chunksPerSeries: 5, samplesPerChunk: 20);
        var meta = new BlockWriter(TimeProvider.System).Write(dir.Path, data.ConvertAll(d => d.Series));
        using var block = BlockReader.Open(Path.Combine(dir.Path, meta.Ulid.ToString()));
        using var q = block.Querier(long.MinValue, long.MaxValue);
        var set = q.Select(false, null, Matcher.Equal("series", "1"));
        Assert.True(set.MoveNext());
        var samples = data[1].Samples;
        var it = set.Current.Iterator();

        Assert.Equal(ValueKind.Float, it.Seek(samples[65].T - 1));
        Assert.Equal(samples[65], it.At());
        // Never backwards.
        Assert.Equal(ValueKind.Float, it.Seek(samples[10].T));
        Assert.Equal(samples[65], it.At());
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(samples[66], it.At());
        Assert.Equal(ValueKind.None, it.Seek(samples[^1].T + 1));
    }

    [Fact]
    public void Select_RangeOutsideBlock_SelectsNothing()
    {
        using var dir = new TempDataDirectory();
        var data = BlockTestData.Generate(count: 5, chunksPerSeries: 1, samplesPerChunk: 10);
        var meta = new BlockWriter(TimeProvider.System).Write(dir.Path, data.ConvertAll(d => d.Series));
        using var block = BlockReader.Open(Path.Combine(dir.Path, meta.Ulid.ToString()));
        using var q = block.Querier(meta.MaxTimeMs, meta.MaxTimeMs + 1000);
        Assert.False(q.Select(false, null, Matcher.Equal("job", "api")).MoveNext());
    }

    [Fact]
    public void Open_MissingIndex_ThrowsIOException()
    {
        using var dir = new TempDataDirectory();
        var data = BlockTestData.Generate(count: 2, chunksPerSeries: 1, samplesPerChunk: 10);
        var meta = new BlockWriter(TimeProvider.System).Write(dir.Path, data.ConvertAll(d => d.Series));
        var blockDir = Path.Combine(dir.Path, meta.Ulid.ToString());
        File.Delete(Path.Combine(blockDir, "index"));
        Assert.ThrowsAny<IOException>(() => BlockReader.Open(blockDir));
    }
}
