using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Tests;

/// <summary>Head chunks are cut as Prometheus cuts them: evenly within aligned chunk ranges, never across one.</summary>
public class HeadChunkCuttingTests
{
    private const long Hour = 3_600_000;

    private static (long Min, long Max, int Samples)[] Chunks(HeadOptions options, long start, long end, long step) =>
        Chunks(options, Times(start, end, step));

    private static IEnumerable<long> Times(long start, long end, long step)
    {
        for (var t = start; t < end; t += step) yield return t;
    }

    private static (long Min, long Max, int Samples)[] Chunks(HeadOptions options, IEnumerable<long> times)
    {
        var head = HeadFixture.NewHead(options);
        var labels = LabelSet.FromStrings("__name__", "m");
        var r = SeriesRef.None;
        foreach (var t in times)
        {
            var app = head.Appender();
            Assert.Equal(AppendResult.Ok, app.Append(ref r, labels, t, t));
            app.Commit();
        }
        var s = head.GetByRef(r.Value)!;
        return [.. s.Chunks.Take(s.ChunkCount).Select(c => (c.MinTime, c.MaxTime, Tsdb.Chunks.XorChunk.ReadNumSamples(c.Data)))];
    }

    [Fact]
    public void A_two_hour_range_at_15s_is_split_into_four_chunks_of_120_ending_on_the_range_boundary()
    {
        var chunks = Chunks(HeadOptions.Default with { ChunkRangeMs = 2 * Hour }, 0, 2 * Hour + 15_000, 15_000);
        Assert.Equal(4, chunks.Length);
        Assert.All(chunks, c => Assert.Equal(120, c.Samples));
        Assert.Equal(2 * Hour - 15_000, chunks[^1].Max);
    }

    [Fact]
    public void A_series_starting_late_in_a_range_ends_its_chunk_at_the_boundary_instead_of_crossing_it()
    {
        // 30 minutes before the boundary at 15 s: 120 samples fit; at 10 s, 180 do, and still none crosses.
        var chunks = Chunks(HeadOptions.Default with { ChunkRangeMs = 2 * Hour }, 90 * 60_000, 2 * Hour + 60_000, 10_000);
        var first = Assert.Single(chunks);
        Assert.Equal(180, first.Samples);
        Assert.True(first.Max < 2 * Hour);
    }

    [Fact]
    public void A_chunk_is_cut_at_twice_the_target_whatever_its_times()
    {
        // Slow for the first quarter (one chunk would fill the range at that rate), then a sample a second.
        var times = Times(0, 30 * 60_000, 60_000).Concat(Times(30 * 60_000, 40 * 60_000, 1000));
        var chunks = Chunks(HeadOptions.Default with { ChunkRangeMs = 2 * Hour }, times);
        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.True(c.Samples <= 240, $"{c.Samples} samples"));
        Assert.Equal(240, chunks[0].Samples);
    }

    [Fact]
    public void At_one_sample_a_second_chunks_still_come_out_near_the_target()
    {
        var chunks = Chunks(HeadOptions.Default with { ChunkRangeMs = 2 * Hour }, 0, 1000 * 1000, 1000);
        Assert.All(chunks, c => Assert.InRange(c.Samples, 100, 140));
    }

    [Fact]
    public void Without_a_chunk_range_chunks_are_cut_by_count_alone()
    {
        var chunks = Chunks(HeadOptions.Default, 0, 2 * Hour + 15_000, 15_000);
        Assert.Equal(4, chunks.Length);
        Assert.All(chunks, c => Assert.Equal(120, c.Samples));
    }
}
