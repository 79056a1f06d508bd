using MetricsServer.Model.Labels;
using MetricsServer.Tsdb.Blocks;
using static MetricsServer.Tsdb.Tests.Compaction.CompactionTestData;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Tsdb.Tests.Blocks;

public class BlockReaderDeleteTests
{
    [Fact]
    public void Delete_MatchingSeries_HidesSamplesPersistsAndCountsTombstones()
    {
        using var dir = new TempDataDirectory();
        var a = Labels("up", "a");
        var b = Labels("up", "b");
        var samples = Samples(0, Hour, 15_000);
        using var block = WriteBlock(dir.Path, 0, Hour, Series(a, samples), Series(b, samples));

        var deleted = block.Delete(60_000, 120_000, new Matcher(MatchType.Equal, "instance", "a"));

        Assert.Equal(1, deleted);
        var expected = samples.Where(p => p.T < 60_000 || p.T > 120_000).ToList();
        Assert.Equal(expected, ReadAll(block)[a.ToString()]);
        Assert.Equal(samples, ReadAll(block)[b.ToString()]);
        Assert.Equal(1, block.Meta.NumTombstones);
        using var reopened = BlockReader.Open(block.Directory);
        Assert.Equal(1, reopened.Meta.NumTombstones);
        Assert.Equal(expected, ReadAll(reopened)[a.ToString()]);
        Assert.Equal(block.Meta.Ulid, reopened.Meta.Ulid);
        Assert.DoesNotContain(Directory.GetFiles(block.Directory), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Delete_Twice_MergesIntervalsAndClampsToTheSeriesSpan()
    {
        using var dir = new TempDataDirectory();
        var a = Labels("up", "a");
        using var block = WriteBlock(dir.Path, 0, Hour, Series(a, Samples(0, Hour, 15_000)));

        block.Delete(long.MinValue, 600_000, new Matcher(MatchType.Equal, "__name__", "up"));
        block.Delete(300_000, 900_000, new Matcher(MatchType.Regex, "instance", "a|z"));

        using var reopened = BlockReader.Open(block.Directory);
        var r = reopened.Index.AllPostings().Single();
        Assert.Equal([(0L, 900_000L)], reopened.Tombstones.Get(r));
        Assert.Equal(1, reopened.Meta.NumTombstones);
    }

    [Fact]
    public void Delete_NoSeriesWithDataInRange_ChangesNothing()
    {
        using var dir = new TempDataDirectory();
        using var block = WriteBlock(dir.Path, 0, Hour, Series(Labels("up", "a"), Samples(0, Hour, 15_000)));
        var before = File.ReadAllBytes(Path.Combine(block.Directory, Tombstones.FileName));

        Assert.Equal(0, block.Delete(2 * Hour, 3 * Hour, new Matcher(MatchType.Equal, "__name__", "up")));
        Assert.Equal(0, block.Delete(0, Hour, new Matcher(MatchType.Equal, "__name__", "down")));

        Assert.Equal(before, File.ReadAllBytes(Path.Combine(block.Directory, Tombstones.FileName)));
        Assert.Equal(0, block.Tombstones.Count);
    }
}
