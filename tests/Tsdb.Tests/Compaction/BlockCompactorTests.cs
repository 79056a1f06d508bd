using MetricsServer.Model.Labels;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Compaction;
using MetricsServer.Tsdb.Tests.Blocks;
using static MetricsServer.Tsdb.Tests.Compaction.CompactionTestData;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Tsdb.Tests.Compaction;

public class BlockCompactorTests
{
    private static readonly BlockCompactor Compactor = new(new BlockWriter(Clock));

    [Fact]
    public void Compact_AdjacentBlocks_JoinsSeriesAndRecordsLineage()
    {
        using var dir = new TempDataDirectory();
        var a = Labels("up", "a:9100");
        var b = Labels("up", "b:9100");
        var c = Labels("http_requests_total", "c:80");
        var first = Samples(0, 2 * Hour, 15_000);
        var second = Samples(2 * Hour, 4 * Hour, 15_000, offset: 1);
        using var block1 = WriteBlock(dir.Path, 0, 2 * Hour, Series(a, first), Series(b, first));
        using var block2 = WriteBlock(dir.Path, 2 * Hour, 4 * Hour, Series(a, second), Series(c, second));

        var meta = Compactor.Compact(dir.Path, [block1, block2]);

        Assert.NotNull(meta);
        Assert.Equal(2, meta.CompactionLevel);
        Assert.Equal(0, meta.MinTimeMs);
        Assert.Equal(4 * Hour, meta.MaxTimeMs);
        Assert.Equal(new[] { block1.Meta.Ulid, block2.Meta.Ulid }.Order(), meta.Sources);
        Assert.Equal([BlockParent.Of(block1.Meta), BlockParent.Of(block2.Meta)], meta.Parents);
        Assert.Equal(3, meta.NumSeries);
        Assert.Equal(first.Count * 2 + second.Count * 2, meta.NumSamples);

        using var merged = BlockReader.Open(Path.Combine(dir.Path, meta.Ulid.ToString()));
        Assert.Equal(meta.Parents, merged.Meta.Parents);
        var all = ReadAll(merged);
        Assert.Equal([.. first, .. second], all[a.ToString()]);
        Assert.Equal(first, all[b.ToString()]);
        Assert.Equal(second, all[c.ToString()]);
        // Nothing was rewritten: every chunk keeps 120 samples as written.
        Assert.Equal(meta.NumSamples / 120, meta.NumChunks);
    }

    [Fact]
    public void Compact_OverlappingBlocks_MergesSamplesDropsDuplicatesAndRecutsChunks()
    {
        using var dir = new TempDataDirectory();
        var s = Labels("go_goroutines", "x:1");
        var even = Samples(0, Hour, 20_000).ConvertAll(p => (p.T, 1.0));
        // Interleaved timestamps plus some duplicates of the first block's (every 60 s).
        var odd = Samples(10_000, Hour, 10_000).Where(p => p.T % 20_000 != 0 || p.T % 60_000 == 0).Select(p => (p.T, 2.0)).ToList();
        using var block1 = WriteBlock(dir.Path, 0, Hour, Series(s, even));
        using var block2 = WriteBlock(dir.Path, 0, Hour, Series(s, odd));

        var meta = Compactor.Compact(dir.Path, [block1, block2]);

        Assert.NotNull(meta);
        using var merged = BlockReader.Open(Path.Combine(dir.Path, meta.Ulid.ToString()));
        var got = ReadAll(merged)[s.ToString()];
        var expected = Samples(0, Hour, 10_000).ConvertAll(p => (p.T, p.T % 20_000 == 0 ? 1.0 : 2.0));
        Assert.Equal(expected, got);
        Assert.Equal(expected.Count, meta.NumSamples);
        var chunks = ChunkMetas(merged).Single().Chunks;
        Assert.All(chunks, c => Assert.True(c.MaxTimeMs - c.MinTimeMs <= 119 * 10_000, "a chunk holds more than 120 samples"));
        Assert.Equal((expected.Count + 119) / 120, chunks.Count);
        for (var i = 1; i < chunks.Count; i++) Assert.True(chunks[i].MinTimeMs > chunks[i - 1].MaxTimeMs);
    }

    [Fact]
    public void Compact_Tombstones_RemovesDeletedSamplesAndDropsEmptiedSeries()
    {
        using var dir = new TempDataDirectory();
        var keep = Labels("up", "keep:1");
        var gone = Labels("up", "gone:1");
        var samples = Samples(0, 2 * Hour, 15_000);
        using var block1 = WriteBlock(dir.Path, 0, 2 * Hour, Series(keep, samples), Series(gone, samples));
        using var block2 = WriteBlock(dir.Path, 2 * Hour, 3 * Hour, Series(keep, Samples(2 * Hour, 3 * Hour, 15_000)));
        Assert.Equal(1, block1.Delete(long.MinValue, long.MaxValue, new Matcher(MatchType.Equal, "instance", "gone:1")));
        // A hole in the middle of a chunk: that chunk is re-encoded, the others are copied.
        Assert.Equal(1, block1.Delete(30 * 60_000, 40 * 60_000, new Matcher(MatchType.Equal, "instance", "keep:1")));

        var meta = Compactor.Compact(dir.Path, [block1, block2]);

        Assert.NotNull(meta);
        Assert.Equal(1, meta.NumSeries);
        using var merged = BlockReader.Open(Path.Combine(dir.Path, meta.Ulid.ToString()));
        var expected = samples.Where(p => p.T < 30 * 60_000 || p.T > 40 * 60_000).Concat(Samples(2 * Hour, 3 * Hour, 15_000)).ToList();
        var all = ReadAll(merged);
        Assert.Single(all);
        Assert.Equal(expected, all[keep.ToString()]);
        Assert.Equal(expected.Count, meta.NumSamples);
        Assert.Equal(0, merged.Tombstones.Count);
    }

    [Fact]
    public void Compact_EverythingDeleted_ReturnsNullAndWritesNothing()
    {
        using var dir = new TempDataDirectory();
        using var block = WriteBlock(dir.Path, 0, Hour, Series(Labels("up", "a"), Samples(0, Hour, 15_000)));
        block.Delete(0, Hour, new Matcher(MatchType.Equal, "__name__", "up"));

        var meta = Compactor.Compact(dir.Path, [block]);

        Assert.Null(meta);
        Assert.Equal([block.Directory], Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void Compact_Cancelled_LeavesNoTemporaryDirectory()
    {
        using var dir = new TempDataDirectory();
        using var block = WriteBlock(dir.Path, 0, Hour, Series(Labels("up", "a"), Samples(0, Hour, 15_000)));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => Compactor.Compact(dir.Path, [block], cts.Token));
        Assert.Equal([block.Directory], Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void CleanTombstones_BlockWithDeletions_RewritesKeepingLevelSourcesAndRange()
    {
        using var dir = new TempDataDirectory();
        var a = Labels("up", "a");
        var samples = Samples(0, Hour, 15_000);
        using var block = WriteBlock(dir.Path, 0, Hour, Series(a, samples), Series(Labels("up", "b"), samples));
        block.Delete(0, 10 * 60_000, new Matcher(MatchType.Equal, "instance", "a"));

        var result = Compactor.CleanTombstones(dir.Path, block);

        Assert.True(result.Rewritten);
        var meta = result.NewBlock;
        Assert.NotNull(meta);
        Assert.Equal(block.Meta.CompactionLevel, meta.CompactionLevel);
        Assert.Equal(block.Meta.Sources, meta.Sources);
        Assert.Equal((block.Meta.MinTimeMs, block.Meta.MaxTimeMs), (meta.MinTimeMs, meta.MaxTimeMs));
        Assert.Equal([BlockParent.Of(block.Meta)], meta.Parents);
        using var cleaned = BlockReader.Open(Path.Combine(dir.Path, meta.Ulid.ToString()));
        Assert.Equal(0, cleaned.Tombstones.Count);
        Assert.Equal(samples.Where(p => p.T > 10 * 60_000).ToList(), ReadAll(cleaned)[a.ToString()]);
        Assert.Equal(samples.Count * 2 - samples.Count(p => p.T <= 10 * 60_000), meta.NumSamples);
    }

    [Fact]
    public void CleanTombstones_NoTombstones_LeavesBlockAlone()
    {
        using var dir = new TempDataDirectory();
        using var block = WriteBlock(dir.Path, 0, Hour, Series(Labels("up", "a"), Samples(0, Hour, 15_000)));

        var result = Compactor.CleanTombstones(dir.Path, block);

        Assert.False(result.Rewritten);
        Assert.Null(result.NewBlock);
        Assert.Single(Directory.GetDirectories(dir.Path));
    }
}
