using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Model.Tests.Merge;

/// <summary>Drains series sets and iterators into plain values for assertions.</summary>
internal static class Read
{
    public static List<(LabelSet Labels, List<Sample> Samples)> All(ISeriesSet set)
    {
        var result = new List<(LabelSet, List<Sample>)>();
        ISampleIterator? it = null;
        while (set.MoveNext())
        {
            it = set.Current.Iterator(it);
            result.Add((set.Current.Labels, Samples(it)));
            Assert.Null(it.Error);
        }
        Assert.Null(set.Error);
        return result;
    }

    public static List<Sample> Samples(ISampleIterator it)
    {
        var samples = new List<Sample>();
        for (var kind = it.Next(); kind != ValueKind.None; kind = it.Next()) samples.Add(Current(it, kind));
        return samples;
    }

    public static Sample Current(ISampleIterator it, ValueKind kind)
    {
        Assert.NotEqual(ValueKind.None, kind);
        if (kind == ValueKind.Histogram)
        {
            var (t, h) = it.AtHistogram();
            Assert.Equal(t, it.AtTimestamp());
            return new Sample(t, 0, h);
        }
        var (ft, f) = it.At();
        Assert.Equal(ft, it.AtTimestamp());
        return new Sample(ft, f);
    }

    public static List<string> Names(ISeriesSet set)
    {
        var names = new List<string>();
        while (set.MoveNext()) names.Add(set.Current.Labels.ToString());
        return names;
    }
}
