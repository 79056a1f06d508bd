using CsCheck;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Model.Tests.Merge;

public sealed class MergePropertyTests
{
    // Label sets chosen so that prefixes, multi-digit values and extra labels all meet in the order.
    private static readonly LabelSet[] Pool =
    [
        ListQuerier.Parse("a=1"), ListQuerier.Parse("a=1,b=x"), ListQuerier.Parse("a=10"), ListQuerier.Parse("a=2"),
        ListQuerier.Parse("a=2,b=y"), ListQuerier.Parse("a=9,c=z"), ListQuerier.Parse("a=a"),
    ];

    private static readonly Matcher Any = new(Model.Labels.MatchType.Regex, "a", ".+");

    /// <summary>Per storage, series as (pool index, timestamps); a storage may hold each label set once.</summary>
    private static readonly Gen<(int Pool, long[] Ts)[][]> Storages =
        Gen.Select(Gen.Int[0, Pool.Length - 1], Gen.Long[0, 40].Array[0, 8]).Array[0, 6].Array[1, 4];

    /// <summary>Operations on each merged iterator: Seek(t) when the flag is set, else Next().</summary>
    private static readonly Gen<(bool Seek, long T)[]> Walks = Gen.Select(Gen.Bool, Gen.Long[-1, 45]).Array[1, 12];

    [Fact]
    public void Select_RandomStorages_EqualsTheSortedDeduplicatedUnion()
    {
        Storages.Sample(storages =>
        {
            var (queriers, expected) = Build(storages);
            using var merge = new MergeQuerier(queriers);

            // A single querier is passed through as asked, so only ask a merge for unsorted output.
            var actual = Read.All(merge.Select(queriers.Length == 1, null, Any));

            Assert.Equal(expected.Select(e => e.Labels), actual.Select(a => a.Labels));
            for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Samples, actual[i].Samples);
        });
    }

    [Fact]
    public void Iterator_RandomNextAndSeekWalks_MatchAModelOfTheUnion()
    {
        Gen.Select(Storages, Walks).Sample((storages, walk) =>
        {
            var (queriers, expected) = Build(storages);
            using var merge = new MergeQuerier(queriers);
            var set = merge.Select(true, null, Any);
            ISampleIterator? it = null;
            foreach (var (_, samples) in expected)
            {
                Assert.True(set.MoveNext());
                it = set.Current.Iterator(it);
                var p = -1;
                foreach (var (seek, t) in walk)
                {
                    ValueKind kind;
                    if (seek)
                    {
                        kind = it.Seek(t);
                        p = Math.Max(p, 0);
                        while (p < samples.Count && samples[p].T < t) p++;
                    }
                    else
                    {
                        kind = it.Next();
                        p = Math.Min(p + 1, samples.Count);
                    }
                    if (p >= samples.Count)
                    {
                        Assert.Equal(ValueKind.None, kind);
                        continue;
                    }
                    Assert.Equal(samples[p], Read.Current(it, kind));
                }
                Assert.Null(it.Error);
            }
            Assert.False(set.MoveNext());
        });
    }

    /// <summary>
    /// Queriers for the generated storages and the merge they should give: every label set once in label order, each
    /// with the union of its timestamps, a shared timestamp taking the sample of the earliest storage holding it.
    /// </summary>
    private static (ListQuerier[] Queriers, List<(LabelSet Labels, List<Sample> Samples)> Expected) Build((int Pool, long[] Ts)[][] storages)
    {
        var queriers = new ListQuerier[storages.Length];
        var union = new SortedDictionary<LabelSet, SortedDictionary<long, Sample>>(LabelSetComparer.Instance);
        for (var s = 0; s < storages.Length; s++)
        {
            var querier = queriers[s] = new ListQuerier($"q{s}");
            var seen = new HashSet<int>();
            foreach (var (pool, ts) in storages[s])
            {
                if (!seen.Add(pool)) continue;
                var labels = Pool[pool];
                var samples = ts.Distinct().Order().Select(t => (t + s) % 3 == 0 ? Sample.Hist(t, t * 10 + s) : new Sample(t, t * 10 + s)).ToArray();
                querier.Add(labels, samples);
                if (!union.TryGetValue(labels, out var merged)) union[labels] = merged = [];
                foreach (var sample in samples) merged.TryAdd(sample.T, sample);
            }
        }
        return (queriers, union.Select(kv => (kv.Key, kv.Value.Values.ToList())).ToList());
    }
}
