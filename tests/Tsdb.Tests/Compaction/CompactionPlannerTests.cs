using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Compaction;
using static MetricsServer.Tsdb.Tests.Compaction.CompactionTestData;

namespace MetricsServer.Tsdb.Tests.Compaction;

public class CompactionPlannerTests
{
    // Prometheus's defaults: 2h blocks, ranges up to 31 days' worth capped here at 54h for readable cases.
    private static readonly CompactionPlanner Planner = new(2 * Hour, 54 * Hour);

    private static List<Ulid> Plan(CompactionPlanner planner, params BlockMeta[] blocks) => planner.Plan(blocks).Select(b => b.Ulid).ToList();

    [Fact]
    public void Ranges_AreExponentialByThreeCappedAtMaxBlockDuration()
    {
        Assert.Equal([2 * Hour, 6 * Hour, 18 * Hour, 54 * Hour], Planner.Ranges);
        Assert.Equal(10, CompactionPlanner.ExponentialRanges(2 * Hour, 10, 3).Length);
        Assert.Equal([2 * Hour], new CompactionPlanner(2 * Hour, 2 * Hour).Ranges);
    }

    [Fact]
    public void Plan_NoBlocksOrOne_PlansNothing()
    {
        Assert.Empty(Planner.Plan([]));
        Assert.Empty(Planner.Plan([Meta(0, 2 * Hour)]));
    }

    [Fact]
    public void Plan_FullSixHourWindowPlusNewest_CompactsTheWindowButNotTheNewest()
    {
        var a = Meta(0, 2 * Hour, id: 1);
        var b = Meta(2 * Hour, 4 * Hour, id: 2);
        var c = Meta(4 * Hour, 6 * Hour, id: 3);
        var newest = Meta(6 * Hour, 8 * Hour, id: 4);

        Assert.Equal([a.Ulid, b.Ulid, c.Ulid], Plan(Planner, newest, c, a, b));
    }

    [Fact]
    public void Plan_WindowNotFullAndNoNewerBlockBeyondIt_WaitsForMore()
    {
        // [0,6h) holds two blocks; the third (newest) is excluded, so the window is neither full nor behind it.
        var a = Meta(0, 2 * Hour, id: 1);
        var b = Meta(2 * Hour, 4 * Hour, id: 2);
        var newest = Meta(4 * Hour, 6 * Hour, id: 3);

        Assert.Empty(Plan(Planner, a, b, newest));
    }

    [Fact]
    public void Plan_PartialWindowEntirelyBeforeTheNewestRemainingBlock_IsCompacted()
    {
        // A gap left [0,6h) with only two blocks; later blocks exist, so that window will never fill.
        var a = Meta(0, 2 * Hour, id: 1);
        var b = Meta(2 * Hour, 4 * Hour, id: 2);
        var later = Meta(12 * Hour, 14 * Hour, id: 3);
        var newest = Meta(14 * Hour, 16 * Hour, id: 4);

        Assert.Equal([a.Ulid, b.Ulid], Plan(Planner, a, b, later, newest));
    }

    [Fact]
    public void Plan_SmallestRangeFirst_ThenLargerLevels()
    {
        // Three 6h blocks fill [0,18h); the 2h blocks after them do not yet fill a 6h window.
        var a = Meta(0, 6 * Hour, level: 2, id: 1);
        var b = Meta(6 * Hour, 12 * Hour, level: 2, id: 2);
        var c = Meta(12 * Hour, 18 * Hour, level: 2, id: 3);
        var d = Meta(18 * Hour, 20 * Hour, id: 4);
        var newest = Meta(20 * Hour, 22 * Hour, id: 5);

        Assert.Equal([a.Ulid, b.Ulid, c.Ulid], Plan(Planner, a, b, c, d, newest));
    }

    [Fact]
    public void Plan_OverlappingBlocks_ComeFirstAndMayIncludeTheNewest()
    {
        var a = Meta(0, 2 * Hour, id: 1);
        var b = Meta(2 * Hour, 4 * Hour, id: 2);
        var c = Meta(4 * Hour, 6 * Hour, id: 3);
        var backfill = Meta(5 * Hour, 7 * Hour, id: 4);
        var newest = Meta(6 * Hour, 8 * Hour, id: 5);

        Assert.Equal([c.Ulid, backfill.Ulid, newest.Ulid], Plan(Planner, a, b, c, backfill, newest));
    }

    [Fact]
    public void Plan_OverlappingNotAllowed_OnlyLeveledRulesApply()
    {
        var planner = new CompactionPlanner(2 * Hour, 54 * Hour, allowOverlapping: false);
        var a = Meta(0, 2 * Hour, id: 1);
        var b = Meta(1 * Hour, 3 * Hour, id: 2);
        var newest = Meta(6 * Hour, 8 * Hour, id: 3);

        Assert.Empty(Plan(planner, a, b, newest));
        Assert.Equal([a.Ulid, b.Ulid], Plan(Planner, a, b, newest));
    }

    [Theory]
    [InlineData(54, 1000, 51, true)]   // 51 / 1001 > 5 %: rewritten
    [InlineData(54, 1000, 50, false)]  // 50 / 1001 < 5 %
    [InlineData(18, 1000, 500, false)] // shorter than the middle range, 54h here
    public void Plan_TombstoneRatio_RewritesOneLargeBlock(long hours, long series, long tombstones, bool planned)
    {
        var planner = new CompactionPlanner(2 * Hour, 162 * Hour * 3);
        Assert.Equal(54 * Hour, planner.Ranges[planner.Ranges.Count / 2]);
        var big = Meta(0, hours * Hour, level: 4, series: series, tombstones: tombstones, id: 1);
        var newest = Meta(hours * Hour, (hours + 2) * Hour, id: 2);

        var plan = Plan(planner, big, newest);

        Assert.Equal(planned ? [big.Ulid] : [], plan);
    }

    [Fact]
    public void Plan_BlockWithEverySeriesDeleted_IsRewrittenWhateverItsSize()
    {
        var small = Meta(0, 2 * Hour, series: 7, tombstones: 7, id: 1);
        var newest = Meta(4 * Hour, 6 * Hour, id: 2);

        Assert.Equal([small.Ulid], Plan(Planner, small, newest));
        Assert.Empty(Plan(Planner, small with { NumTombstones = 6 }, newest));
    }

    [Fact]
    public void Plan_NewestBlockWithTombstones_IsNotRewritten()
    {
        var newest = Meta(0, 2 * Hour, series: 7, tombstones: 7, id: 1);
        Assert.Empty(Plan(Planner, newest));
    }

    [Fact]
    public void SplitByRange_GroupsBlocksByAlignedWindowAndSkipsOversizedOnes()
    {
        var a = Meta(0, 2 * Hour, id: 1);
        var big = Meta(4 * Hour, 10 * Hour, id: 2);
        var c = Meta(12 * Hour, 14 * Hour, id: 3);
        var d = Meta(14 * Hour, 16 * Hour, id: 4);
        var neg = Meta(-4 * Hour, -2 * Hour, id: 5);

        var groups = CompactionPlanner.SplitByRange([neg, a, big, c, d], 6 * Hour);

        Assert.Equal([[neg.Ulid], [a.Ulid], [c.Ulid, d.Ulid]], groups.Select(g => g.Select(m => m.Ulid).ToList()).ToList());
    }
}
