using MetricsServer.TestSupport;
using System.Globalization;
using System.Text;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Blocks;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Tsdb.Tests.Blocks;

/// <summary>
/// Byte compatibility with Prometheus, checked with Debian's promtool (2.42): it reads blocks we write, and we read
/// blocks it writes.
/// </summary>
public class PromtoolInteropTests
{
    [Fact]
    public void PromtoolDumpAndAnalyze_BlockWeWrote_ReportsEverySeriesAndSample()
    {
        using var dir = new TempDataDirectory();
        var data = BlockTestData.Generate(count: 300, chunksPerSeries: 3, samplesPerChunk: 120);
        var meta = new BlockWriter(TimeProvider.System).Write(dir.Path, data.ConvertAll(d => d.Series));

        var analyze = Promtool.Run("tsdb", "analyze", dir.Path, meta.Ulid.ToString());
        Assert.Contains("Block ID: " + meta.Ulid, analyze, StringComparison.Ordinal);
        Assert.Contains("Series: 300", analyze, StringComparison.Ordinal);

        var list = Promtool.Run("tsdb", "list", dir.Path);
        Assert.Contains(meta.Ulid.ToString(), list, StringComparison.Ordinal);
        Assert.Contains("108000", list, StringComparison.Ordinal);

        // promtool's dump opens the whole data directory read-only and insists on a wal/ there, as a server's has.
        Directory.CreateDirectory(Path.Combine(dir.Path, "wal"));
        var dumped = Promtool.ParseDump(Promtool.Run("tsdb", "dump", dir.Path));
        Assert.Equal(300, dumped.Count);
        foreach (var (labels, samples, _) in data)
        {
            Assert.True(dumped.TryGetValue(labels.ToString(), out var got), $"promtool did not dump {labels}");
            Assert.Equal(samples, got);
        }
    }

    [Fact]
    public void BlockReader_BlocksPromtoolCreatedFromOpenMetrics_ReadsBackEverySample()
    {
        using var dir = new TempDataDirectory();
        // 40 series over 5 hours at 30 s: promtool cuts 2h blocks, so this spans three blocks.
        var expected = new Dictionary<string, List<(long T, double V)>>(StringComparer.Ordinal);
        var text = new StringBuilder();
        var start = 1_700_000_400L; // seconds, 2h-aligned offset does not matter
        for (var m = 0; m < 4; m++)
        {
            var name = "interop_metric_" + m.ToString(CultureInfo.InvariantCulture);
            text.Append("# TYPE ").Append(name).Append(" gauge\n");
            for (var i = 0; i < 10; i++)
            {
                var labels = LabelSet.FromStrings("__name__", name, "instance", $"host-{i}:9100", "zone", i % 2 == 0 ? "eu-west-1a" : "us-east-2b");
                var samples = new List<(long, double)>();
                for (var k = 0; k < 600; k++)
                {
                    var ts = start + k * 30;
                    var v = Math.Round(Math.Sin((k + i) / 10.0) * 1000 + m * 0.5, 3);
                    text.Append(name).Append("{instance=\"host-").Append(i).Append(":9100\",zone=\"").Append(labels.Get("zone")).Append("\"} ")
                        .Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(' ').Append(ts.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    samples.Add((ts * 1000, v));
                }
                expected[labels.ToString()] = samples;
            }
        }
        text.Append("# EOF\n");
        var input = Path.Combine(dir.Path, "input.om");
        File.WriteAllText(input, text.ToString());
        var output = Path.Combine(dir.Path, "data");
        Promtool.Run("tsdb", "create-blocks-from", "openmetrics", input, output);

        var got = new Dictionary<string, List<(long T, double V)>>(StringComparer.Ordinal);
        var blocks = Directory.GetDirectories(output);
        Assert.True(blocks.Length >= 2, $"expected several 2h blocks, found {blocks.Length}");
        foreach (var blockDir in blocks)
        {
            using var block = BlockReader.Open(blockDir);
            Assert.Equal(Path.GetFileName(blockDir), block.Meta.Ulid.ToString());
            using var q = block.Querier(long.MinValue, long.MaxValue);
            var set = q.Select(true, null, new Matcher(MatchType.Regex, "__name__", "interop_.*"));
            long blockSamples = 0;
            while (set.MoveNext())
            {
                var key = set.Current.Labels.ToString();
                if (!got.TryGetValue(key, out var list)) got[key] = list = [];
                var it = set.Current.Iterator();
                while (it.Next() == ValueKind.Float)
                {
                    list.Add(it.At());
                    blockSamples++;
                }
                Assert.Null(it.Error);
            }
            Assert.Null(set.Error);
            Assert.Equal(block.Meta.NumSamples, blockSamples);
        }
        Assert.Equal(expected.Count, got.Count);
        foreach (var (key, samples) in expected)
        {
            Assert.True(got.TryGetValue(key, out var list), $"series {key} not read back");
            list.Sort();
            Assert.Equal(samples, list);
        }
    }
}
