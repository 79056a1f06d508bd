using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Model.Tests.Merge;

public sealed class MergeQuerierTests
{
    private static readonly Matcher Any = new(Model.Labels.MatchType.Regex, "a", ".+");

    [Fact]
    public void Select_DisjointSeries_AllInLabelOrderAndPassedThroughUnwrapped()
    {
        var head = new ListQuerier("head").Add("a=3", 1).Add("a=1", 2);
        var block = new ListQuerier("block").Add("a=2", 3).Add("a=4", 4);
        using var merge = new MergeQuerier([head, block]);

        var set = merge.Select(true, null, Any);
        var seen = new List<string>();
        while (set.MoveNext())
        {
            Assert.IsType<ListSeries>(set.Current);
            seen.Add(set.Current.Labels.Get("a"));
        }

        Assert.Equal(["1", "2", "3", "4"], seen);
    }

    [Fact]
    public void Select_UnsortedRequested_OutputStillSortedAndEveryInputAskedSorted()
    {
        var head = new ListQuerier("head").Add("a=1", 1).Add("a=3", 1).Add("a=5", 1);
        var block = new ListQuerier("block").Add("a=2", 1).Add("a=4", 1);
        using var merge = new MergeQuerier([head, block]);

        var names = Read.Names(merge.Select(false, null, Any));

        Assert.Equal(["{a=\"1\"}", "{a=\"2\"}", "{a=\"3\"}", "{a=\"4\"}", "{a=\"5\"}"], names);
        Assert.All(head.Selects.Concat(block.Selects), s => Assert.True(s.Sorted));
    }

    [Fact]
    public void Select_LabelOrder_IsLabelSetComparerOrderNotStringOrder()
    {
        // {a="1"} < {a="1",b="0"} < {a="10"}: label by label, a prefix first.
        var one = new ListQuerier("one").Add("a=10", 1).Add("a=1", 1);
        var two = new ListQuerier("two").Add("a=1,b=0", 1);
        using var merge = new MergeQuerier([one, two]);

        Assert.Equal(["{a=\"1\"}", "{a=\"1\", b=\"0\"}", "{a=\"10\"}"], Read.Names(merge.Select(true, null, Any)));
    }

    [Fact]
    public void Select_SameLabelsInSeveralQueriers_BecomeOneSeriesWithAllSamples()
    {
        var head = new ListQuerier("head").Add("a=1", 30, 40).Add("a=2", 5);
        var block = new ListQuerier("block").Add("a=1", 10, 20);
        using var merge = new MergeQuerier([head, block]);

        var all = Read.All(merge.Select(true, null, Any));

        Assert.Equal(2, all.Count);
        Assert.Equal(ListQuerier.Parse("a=1"), all[0].Labels);
        Assert.Equal([10L, 20, 30, 40], all[0].Samples.Select(s => s.T));
        Assert.Equal([5L], all[1].Samples.Select(s => s.T));
    }

    [Fact]
    public void Select_OneQuerier_DelegatesWithItsOwnOrderAndSeries()
    {
        var only = new ListQuerier("only").Add("a=1", 1).Add("a=2", 2);
        using var merge = new MergeQuerier([only]);

        // The fake returns reverse order when not asked to sort: the request went through unchanged.
        Assert.Equal(["{a=\"2\"}", "{a=\"1\"}"], Read.Names(merge.Select(false, null, Any)));
        Assert.Equal([false], only.Selects.Select(s => s.Sorted));
        var set = merge.Select(true, null, Any);
        Assert.True(set.MoveNext());
        Assert.IsType<ListSeries>(set.Current);
    }

    [Fact]
    public void Create_OneQuerier_ReturnsItItself()
    {
        var only = new ListQuerier("only");

        Assert.Same(only, MergeQuerier.Create([only]));
        Assert.IsType<MergeQuerier>(MergeQuerier.Create([only, new ListQuerier("other")]));
    }

    [Fact]
    public void Select_NoQueriers_IsEmpty()
    {
        using var merge = new MergeQuerier([]);

        var set = merge.Select(true, null, Any);

        Assert.False(set.MoveNext());
        Assert.Null(set.Error);
        Assert.Empty(set.Warnings);
        Assert.Empty(merge.LabelNames());
    }

    [Fact]
    public void Select_HintsAndMatchers_ReachEveryQuerier()
    {
        var head = new ListQuerier("head").Add("a=1,job=x", 1).Add("a=2,job=y", 1);
        var block = new ListQuerier("block").Add("a=3,job=x", 1).Add("a=4,job=y", 1);
        using var merge = new MergeQuerier([head, block]);
        var hints = new SelectHints(100, 200, 15, "rate", 60);

        var names = Read.Names(merge.Select(true, hints, Matcher.Equal("job", "x")));

        Assert.Equal(["{a=\"1\", job=\"x\"}", "{a=\"3\", job=\"x\"}"], names);
        Assert.Same(hints, head.Selects.Single().Hints);
        Assert.Same(hints, block.Selects.Single().Hints);
    }

    [Fact]
    public void Select_Warnings_AreTheUnionOfAllSets()
    {
        var head = new ListQuerier("head").Add("a=1", 1);
        head.Warnings.AddRange(["partial head", "shared"]);
        var remote = new ListQuerier("remote").Add("a=2", 1);
        remote.Warnings.AddRange(["shared", "remote slow"]);
        using var merge = new MergeQuerier([head, remote, new ListQuerier("empty")]);

        var set = merge.Select(true, null, Any);
        while (set.MoveNext())
        {
        }

        Assert.Equal(["partial head", "shared", "remote slow"], set.Warnings);
        Assert.Null(set.Error);
    }

    [Fact]
    public void Select_ErrorInOneSet_StopsTheMergeAndSurfacesAsError()
    {
        var head = new ListQuerier("head").Add("a=1", 1).Add("a=2", 1).Add("a=9", 1);
        var failure = new InvalidDataException("corrupt index");
        var block = new ListQuerier("block") { SetError = failure, ErrorAfterSeries = 1 }.Add("a=0", 1).Add("a=5", 1);
        using var merge = new MergeQuerier([head, block]);

        var set = merge.Select(true, null, Any);
        var seen = new List<string>();
        while (set.MoveNext()) seen.Add(set.Current.Labels.Get("a"));

        Assert.Same(failure, set.Error);
        Assert.DoesNotContain("9", seen);
        Assert.False(set.MoveNext());
    }

    [Fact]
    public void Select_ErrorBeforeAnySeries_SurfacesOnFirstMoveNext()
    {
        var failure = new InvalidDataException("unreadable");
        var head = new ListQuerier("head").Add("a=1", 1);
        var block = new ListQuerier("block") { SetError = failure, ErrorAfterSeries = 0 }.Add("a=0", 1);
        using var merge = new MergeQuerier([head, block]);

        var set = merge.Select(true, null, Any);

        Assert.False(set.MoveNext());
        Assert.Same(failure, set.Error);
    }

    [Fact]
    public void Select_SeriesStayValidUntilTheNextMoveNext()
    {
        var head = new ListQuerier("head").Add("a=1", 1, 2).Add("a=2", 7);
        var block = new ListQuerier("block").Add("a=1", 3);
        using var merge = new MergeQuerier([head, block]);

        var set = merge.Select(true, null, Any);
        Assert.True(set.MoveNext());
        var first = set.Current;
        // Reading the current series twice gives the same samples: no input moved under it.
        Assert.Equal([1L, 2, 3], Read.Samples(first.Iterator()).Select(s => s.T));
        Assert.Equal([1L, 2, 3], Read.Samples(first.Iterator()).Select(s => s.T));
        Assert.True(set.MoveNext());
        Assert.Equal("2", set.Current.Labels.Get("a"));
    }

    [Fact]
    public void LabelNamesAndValues_AreSortedUnions()
    {
        var head = new ListQuerier("head").Add("a=x,job=n", 1).Add("a=z,zone=e", 1);
        var block = new ListQuerier("block").Add("a=y,job=n", 1).Add("a=x,b=1", 1);
        using var merge = new MergeQuerier([head, block]);

        Assert.Equal(["a", "b", "job", "zone"], merge.LabelNames());
        Assert.Equal(["x", "y", "z"], merge.LabelValues("a"));
        Assert.Equal(["x", "y"], merge.LabelValues("a", Matcher.Equal("job", "n")));
    }

    [Fact]
    public void LabelValues_InputInAnotherOrder_StillUtf8SortedAndDistinct()
    {
        // U+FF21 sorts before U+1F600 (a surrogate pair) in UTF-8 byte order but after it in ordinal UTF-16 order.
        var block = new ListQuerier("block") { RawLabelValues = ["a", "\uFF21", "\U0001F600"] };
        var head = new ListQuerier("head") { RawLabelValues = ["\U0001F600", "\uFF21"] };
        using var merge = new MergeQuerier([head, block]);

        Assert.Equal(["a", "\uFF21", "\U0001F600"], merge.LabelValues("v"));
    }

    [Fact]
    public void Dispose_DisposesEveryQuerierOnce()
    {
        var a = new ListQuerier("a");
        var b = new ListQuerier("b");
        var merge = new MergeQuerier([a, b]);

        merge.Dispose();
        merge.Dispose();

        Assert.Equal(1, a.DisposeCount);
        Assert.Equal(1, b.DisposeCount);
        Assert.Throws<ObjectDisposedException>(() => merge.Select(true, null, Any));
        Assert.Throws<ObjectDisposedException>(() => merge.LabelNames());
    }

    [Fact]
    public void Dispose_OneQuerierThrows_OthersStillDisposedAndFailureRethrown()
    {
        var a = new ListQuerier("a") { ThrowOnDispose = true };
        var b = new ListQuerier("b");
        var merge = new MergeQuerier([a, b]);

        var e = Assert.Throws<InvalidOperationException>(merge.Dispose);

        Assert.Contains("a failed", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, b.DisposeCount);
    }
}
