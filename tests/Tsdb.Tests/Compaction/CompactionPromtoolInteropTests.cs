using MetricsServer.TestSupport;
using MetricsServer.Model.Labels;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Compaction;
using MetricsServer.Tsdb.Tests.Blocks;
using static MetricsServer.Tsdb.Tests.Compaction.CompactionTestData;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Tsdb.Tests.Compaction;

/// <summary>Debian's promtool (2.42) reads the blocks our compactor writes and honours the tombstones we write.</summary>
public class CompactionPromtoolInteropTests
{
    [Fact]
    public void PromtoolDumpAndAnalyze_CompactedBlock_ReportsMergedSeriesAndSamples()
    {
        using var inputs = new TempDataDirectory();
        using var output = new TempDataDirectory();
        var start = BlockTestData.StartMs / (2 * Hour) * (2 * Hour);
        var expected = new Dictionary<string, List<(long T, double V)>>(StringComparer.Ordinal);
        var first = new List<BlockSeries>();
        var second = new List<BlockSeries>();
        for (var i = 0; i < 50; i++)
        {
            var labels = LabelSet.FromStrings("__name__", i % 2 == 0 ? "node_load1" : "http_requests_total", "instance", $"10.0.0.{i}:9100", "job", "node");
            var a = Samples(start, start + 2 * Hour, 15_000, offset: i);
            // The second block overlaps the first by 30 minutes at a different scrape phase: a vertical compaction.
            var b = Samples(start + 90 * 60_000 + 7_500, start + 4 * Hour, 15_000, offset: i);
            if (i % 5 != 0) first.Add(Series(labels, a));
            second.Add(Series(labels, b));
            expected[labels.ToString()] = (i % 5 != 0 ? a.Concat(b) : b).OrderBy(p => p.T).ToList();
        }
        using var block1 = WriteBlock(inputs.Path, start, start + 2 * Hour, [.. first]);
        using var block2 = WriteBlock(inputs.Path, start + 90 * 60_000, start + 4 * Hour, [.. second]);

        var meta = new BlockCompactor(new BlockWriter(Clock)).Compact(output.Path, [block1, block2]);

        Assert.NotNull(meta);
        var analyze = Promtool.Run("tsdb", "analyze", output.Path, meta.Ulid.ToString());
        Assert.Contains("Block ID: " + meta.Ulid, analyze, StringComparison.Ordinal);
        Assert.Contains("Series: 50", analyze, StringComparison.Ordinal);
        var total = expected.Values.Sum(l => l.Count);
        Assert.Equal(total, meta.NumSamples);
        Assert.Contains(total.ToString(System.Globalization.CultureInfo.InvariantCulture), Promtool.Run("tsdb", "list", output.Path), StringComparison.Ordinal);
        var dumped = Promtool.Dump(output.Path);
        Assert.Equal(expected.Count, dumped.Count);
        foreach (var (key, samples) in expected)
        {
            Assert.True(dumped.TryGetValue(key, out var got), $"promtool did not dump {key}");
            Assert.Equal(samples, got);
        }
    }

    [Fact]
    public void PromtoolDump_BlockWithOurTombstones_LeavesDeletedSamplesOut()
    {
        using var dir = new TempDataDirectory();
        var data = BlockTestData.Generate(count: 20, chunksPerSeries: 2, samplesPerChunk: 120);
        var meta = new BlockWriter(Clock).Write(dir.Path, data.ConvertAll(d => d.Series));
        var from = BlockTestData.StartMs + 20 * 60_000;
        var to = BlockTestData.StartMs + 50 * 60_000;
        using (var block = BlockReader.Open(Path.Combine(dir.Path, meta.Ulid.ToString())))
        {
            Assert.Equal(4, block.Delete(from, to, new Matcher(MatchType.Equal, "__name__", "up")));
            // A whole series deleted too.
            Assert.Equal(1, block.Delete(long.MinValue, long.MaxValue, new Matcher(MatchType.Equal, "series", "1")));
        }

        var dumped = Promtool.Dump(dir.Path);

        Assert.Equal(19, dumped.Count);
        foreach (var (labels, samples, _) in data)
        {
            if (labels.Get("series") == "1")
            {
                Assert.False(dumped.ContainsKey(labels.ToString()), "promtool dumped a deleted series");
                continue;
            }
            var expected = labels.Get("__name__") == "up" ? samples.Where(p => p.T < from || p.T > to).ToList() : samples;
            Assert.Equal(expected, dumped[labels.ToString()]);
        }
    }
}
