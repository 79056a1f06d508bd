using System.Globalization;
using BenchmarkDotNet.Attributes;
using MetricsServer.Model.Labels;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Chunks;
using MetricsServer.Tsdb.Index;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>
/// Resolving a selector to series refs through postings, over 100k or 1M series of <see cref="TargetSeries"/>: in the
/// head's <see cref="MemPostings"/> (as <c>HeadQuerier</c> does) and in a block's index (as <c>BlockQuerier</c> does,
/// postings lists decoded from the index bytes on each lookup). Time is per selector.
/// </summary>
/// <remarks>
/// <c>JobInstance</c> is <c>{job="job-7", instance="10.0.0.7:8080"}</c>: one target's 1000 series out of a job list of
/// N/20. <c>NameJobRegex</c> is <c>{__name__="app_request_duration_seconds_0_bucket", job=~"job-1|job-2"}</c>: a
/// 60-series-per-target name intersected with the union of two jobs, leaving a tenth of the name's series.
/// </remarks>
[MemoryDiagnoser]
public class PostingsBenchmarks
{
    private MemPostings _head = null!;
    private IndexReader _index = null!;
    private Matcher[] _matchers = null!;

    [Params(100_000, 1_000_000)]
    public int SeriesCount { get; set; }

    [Params("JobInstance", "NameJobRegex")]
    public string Selector { get; set; } = "JobInstance";

    [GlobalSetup(Target = nameof(Head))]
    public void SetupHead()
    {
        _matchers = Matchers(Selector);
        _head = new MemPostings();
        var labels = TargetSeries.Generate(SeriesCount);
        // The head hands out refs from 1 in creation order.
        for (var i = 0; i < labels.Length; i++) _head.Add((ulong)i + 1, labels[i]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// PostingsBenchmarks head {Selector} {SeriesCount}: {Head()!.Length} series selected"));
    }

    [GlobalSetup(Target = nameof(Block))]
    public void SetupBlock()
    {
        _matchers = Matchers(Selector);
        // Every series gets one single-sample chunk: only the index matters here.
        var chunk = new BlockChunk(1_700_000_000_000, 1_700_000_000_000, XorChunk.Encode([(1_700_000_000_000, 1.0)]));
        var labels = TargetSeries.Generate(SeriesCount);
        var series = new BlockSeries[labels.Length];
        for (var i = 0; i < labels.Length; i++) series[i] = new BlockSeries(labels[i], [chunk]);
        var root = Path.Combine(Path.GetTempPath(), "ms-postings-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var meta = new BlockWriter(TimeProvider.System).Write(root, series);
            // The reader keeps the whole index in memory, so the block's files can go at once.
            var path = Path.Combine(root, meta.Ulid.ToString(), IndexFormat.FileName);
            _index = IndexReader.Open(path);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// PostingsBenchmarks block {Selector} {SeriesCount}: index {new FileInfo(path).Length} B, {Block().Length} series selected"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Benchmark]
    public ulong[]? Head() => _head.Intersect(_matchers);

    [Benchmark]
    public uint[] Block() => BlockQuerier.PostingsForMatchers(_index, _matchers);

    private static Matcher[] Matchers(string selector) => selector switch
    {
        "JobInstance" => [Matcher.Equal("job", TargetSeries.Job(7)), Matcher.Equal("instance", TargetSeries.Instance(7))],
        "NameJobRegex" =>
        [
            Matcher.Equal("__name__", TargetSeries.HistogramBucket(0)),
            new Matcher(MatchType.Regex, "job", TargetSeries.Job(1) + "|" + TargetSeries.Job(2)),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(selector), selector, "unknown selector"),
    };
}
