namespace MetricsServer.Tsdb.Tests;

public class HeadTombstonesTests
{
    [Fact]
    public void Add_OverlappingAndAdjacentIntervals_AreMerged()
    {
        var t = new HeadTombstones();
        t.Add(1, 10, 20);
        t.Add(1, 30, 40);
        t.Add(1, 21, 25);
        t.Add(1, 15, 22);

        Assert.Equal([(10L, 25L), (30L, 40L)], t.Get(1));
        Assert.Null(t.Get(2));
        Assert.Equal(1, t.Count);
    }

    [Fact]
    public void Intervals_AreNotChangedByLaterAdds()
    {
        var t = new HeadTombstones();
        t.Add(1, 10, 20);
        var before = t.Intervals(1);
        t.Add(1, 30, 40);

        Assert.Equal([(10L, 20L)], before!);
        Assert.Equal([(10L, 20L), (30L, 40L)], t.Intervals(1)!);
    }

    [Fact]
    public void Remove_LastSeries_EmptiesTheTombstones()
    {
        var t = new HeadTombstones();
        t.Add(1, 10, 20);
        t.Add(2, long.MinValue, long.MaxValue);
        t.Remove(1);
        Assert.Equal(1, t.Count);
        Assert.Null(t.Intervals(1));
        t.Remove(2);

        Assert.Equal(0, t.Count);
        Assert.Empty(t.All());
    }
}
