using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Model.Tests.Merge;

public sealed class MergeSampleIteratorTests
{
    private static readonly LabelSet Series = ListQuerier.Parse("a=1");
    private static readonly Matcher Any = Matcher.Equal("a", "1");

    private static Sample F(long t, double v) => new(t, v);

    /// <summary>The iterator of the one series <paramref name="queriers"/> hold between them.</summary>
    private static ISampleIterator Merged(params ListQuerier[] queriers)
    {
        var set = new MergeQuerier(queriers).Select(true, null, Any);
        Assert.True(set.MoveNext());
        var it = set.Current.Iterator();
        Assert.False(set.MoveNext());
        return it;
    }

    [Fact]
    public void Next_InterleavedInputs_SamplesInTimeOrder()
    {
        var it = Merged(
            new ListQuerier("q0").Add(Series, F(1, 1), F(4, 4), F(9, 9)),
            new ListQuerier("q1").Add(Series, F(2, 2), F(3, 3), F(10, 10)),
            new ListQuerier("q2").Add(Series, F(5, 5)));

        Assert.Equal([F(1, 1), F(2, 2), F(3, 3), F(4, 4), F(5, 5), F(9, 9), F(10, 10)], Read.Samples(it));
        Assert.Equal(ValueKind.None, it.Next());
        Assert.Null(it.Error);
    }

    [Fact]
    public void Next_DuplicateTimestamps_KeepOneSampleFromTheEarliestQuerier()
    {
        var it = Merged(
            new ListQuerier("head").Add(Series, F(10, 1), F(20, 1), F(30, 1)),
            new ListQuerier("block").Add(Series, F(10, 2), F(15, 2), F(30, 2)),
            new ListQuerier("remote").Add(Series, F(10, 3), F(30, 3), F(40, 3)));

        Assert.Equal([F(10, 1), F(15, 2), F(20, 1), F(30, 1), F(40, 3)], Read.Samples(it));
    }

    [Fact]
    public void Next_IdenticalReplicas_YieldTheDataOnce()
    {
        var samples = new[] { F(1, 1), F(2, 2), F(3, 3) };

        var it = Merged(new ListQuerier("a").Add(Series, samples), new ListQuerier("b").Add(Series, samples));

        Assert.Equal(samples, Read.Samples(it));
    }

    [Fact]
    public void Seek_AcrossInputs_LandsOnFirstSampleAtOrAfter()
    {
        var it = Merged(
            new ListQuerier("q0").Add(Series, F(1, 0), F(6, 0), F(20, 0)),
            new ListQuerier("q1").Add(Series, F(2, 1), F(7, 1), F(8, 1)));

        Assert.Equal(ValueKind.Float, it.Seek(5));
        Assert.Equal(6, it.AtTimestamp());
        Assert.Equal(ValueKind.Float, it.Seek(7));
        Assert.Equal(F(7, 1), Read.Current(it, ValueKind.Float));
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(8, it.AtTimestamp());
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(20, it.AtTimestamp());
        Assert.Equal(ValueKind.None, it.Seek(21));
        Assert.Equal(ValueKind.None, it.Next());
    }

    [Fact]
    public void Seek_Backwards_StaysOnCurrentSample()
    {
        var it = Merged(
            new ListQuerier("q0").Add(Series, F(1, 0), F(10, 0)),
            new ListQuerier("q1").Add(Series, F(5, 1)));

        Assert.Equal(ValueKind.Float, it.Seek(5));
        Assert.Equal(ValueKind.Float, it.Seek(2));
        Assert.Equal(5, it.AtTimestamp());
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(10, it.AtTimestamp());
    }

    [Fact]
    public void Seek_OntoADuplicateTimestamp_ReturnsItOnce()
    {
        var it = Merged(
            new ListQuerier("q0").Add(Series, F(1, 0), F(5, 0), F(9, 0)),
            new ListQuerier("q1").Add(Series, F(5, 1), F(7, 1)));

        Assert.Equal(ValueKind.Float, it.Seek(3));
        Assert.Equal(F(5, 0), Read.Current(it, ValueKind.Float));
        Assert.Equal([F(7, 1), F(9, 0)], Read.Samples(it));
    }

    [Fact]
    public void HistogramsAndFloats_KindFollowsTheInputThatIsCurrent()
    {
        var h2 = Sample.Hist(2, 5);
        var h4 = Sample.Hist(4, 7);

        var it = Merged(
            new ListQuerier("floats").Add(Series, F(1, 1), F(3, 3)),
            new ListQuerier("histograms").Add(Series, h2, h4));

        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(ValueKind.Histogram, it.Next());
        Assert.Same(h2.Histogram, it.AtHistogram().Histogram);
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal((3L, 3.0), it.At());
        Assert.Equal(ValueKind.Histogram, it.Seek(4));
        Assert.Equal(4, it.AtTimestamp());
        Assert.Same(h4.Histogram, it.AtHistogram().Histogram);
        Assert.Equal(ValueKind.None, it.Next());
    }

    [Fact]
    public void InputError_EndsIterationAndSurfacesAsError()
    {
        var it = Merged(
            new ListQuerier("head").Add(Series, F(1, 0), F(3, 0), F(5, 0)),
            new ListQuerier("block").AddFailing(Series, failAfter: 1, F(2, 1), F(4, 1)));

        var samples = Read.Samples(it);

        Assert.IsType<InvalidDataException>(it.Error);
        Assert.Contains("block", it.Error!.Message, StringComparison.Ordinal);
        Assert.Equal([1L, 2], samples.Select(s => s.T));
        Assert.Equal(ValueKind.None, it.Seek(5));
    }

    [Fact]
    public void InputErrorOnSeek_SurfacesAsError()
    {
        var it = Merged(
            new ListQuerier("head").Add(Series, F(1, 0), F(10, 0)),
            new ListQuerier("block").AddFailing(Series, failAfter: 2, F(2, 1), F(3, 1), F(4, 1)));

        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(ValueKind.None, it.Seek(9));
        Assert.NotNull(it.Error);
    }

    [Fact]
    public void At_WhenExhausted_Throws()
    {
        var it = Merged(new ListQuerier("q0").Add(Series, F(1, 0)), new ListQuerier("q1").Add(Series, F(1, 1)));

        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(ValueKind.None, it.Next());

        Assert.Throws<InvalidOperationException>(() => it.At());
    }

    [Fact]
    public void Iterator_ReusedAcrossManySeries_RecyclesOneInputIteratorPerQuerier()
    {
        var head = new ListQuerier("head");
        var block = new ListQuerier("block");
        for (var i = 0; i < 50; i++)
        {
            var labels = LabelSet.FromStrings("a", "1", "i", i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture));
            head.Add(labels, F(i + 100, 0));
            block.Add(labels, F(i, 1));
        }
        using var merge = new MergeQuerier([head, block]);

        var all = Read.All(merge.Select(true, null, Any));

        Assert.Equal(50, all.Count);
        Assert.All(all, s => Assert.Equal(2, s.Samples.Count));
        Assert.Equal(1, head.IteratorsCreated);
        Assert.Equal(1, block.IteratorsCreated);
    }

    [Fact]
    public void Iterator_ReusedFromAnotherMerge_NeverOffersOneStoragesIteratorToAnother()
    {
        var q1 = new ListQuerier("q1").Add(Series, F(1, 0));
        var q2 = new ListQuerier("q2").Add(Series, F(2, 0));
        var first = new MergeQuerier([q1, q2]).Select(true, null, Any);
        var second = new MergeQuerier([q2, q1]).Select(true, null, Any);
        Assert.True(first.MoveNext());
        Assert.True(second.MoveNext());

        var it = first.Current.Iterator();
        Assert.Equal(2, Read.Samples(it).Count);
        it = second.Current.Iterator(it);

        Assert.Equal([1L, 2], Read.Samples(it).Select(s => s.T));
        Assert.Equal(0, q1.ForeignIteratorsOffered);
        Assert.Equal(0, q2.ForeignIteratorsOffered);
    }

    [Fact]
    public void Iterator_ReuseOfAnotherKind_IsIgnoredSafely()
    {
        var q0 = new ListQuerier("q0").Add(Series, F(1, 0));
        var set = new MergeQuerier([q0, new ListQuerier("q1").Add(Series, F(2, 1))]).Select(true, null, Any);
        Assert.True(set.MoveNext());
        var foreign = q0.NewIterator();

        var it = set.Current.Iterator(foreign);

        Assert.Equal([1L, 2], Read.Samples(it).Select(s => s.T));
    }
}
