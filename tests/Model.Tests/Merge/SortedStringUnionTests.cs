using MetricsServer.Model.Storage;

namespace MetricsServer.Model.Tests.Merge;

public sealed class SortedStringUnionTests
{
    [Fact]
    public void Of_OneNonEmptyList_IsReturnedWithoutCopying()
    {
        IReadOnlyList<string> values = ["a", "b"];

        Assert.Same(values, SortedStringUnion.Of([[], values, []]));
    }

    [Fact]
    public void Of_OverlappingSortedLists_MergesDistinct()
    {
        Assert.Equal(["a", "b", "c", "d", "e"], SortedStringUnion.Of([["a", "c", "e"], ["b", "c"], ["a", "d", "e"]]));
    }

    [Fact]
    public void Of_NoLists_IsEmpty()
    {
        Assert.Empty(SortedStringUnion.Of([]));
        Assert.Empty(SortedStringUnion.Of([[], []]));
    }

    [Fact]
    public void Of_ListWithDuplicatesOrDisorder_StillSortedAndDistinct()
    {
        Assert.Equal(["a", "b", "c"], SortedStringUnion.Of([["c", "a", "a"], ["b"]]));
    }
}
