using MetricsServer.Model.Labels;
using MetricsServer.Query.Ast;

namespace MetricsServer.Query.Engine;

/// <summary>
/// Derived label sets, computed once per input label set per query. A range query evaluates every step, and the
/// same series reach the same name-dropping, grouping and bucket-stripping again at each one; the series' label
/// set objects are stable across steps, so the caches are keyed by reference.
/// </summary>
internal sealed partial class Evaluator
{
    private readonly Dictionary<LabelSet, LabelSet> _withoutName = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<AggregateExpr, Dictionary<LabelSet, LabelSet>> _groupKeys = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<LabelSet, LabelSet> _bucketKeys = new(ReferenceEqualityComparer.Instance);

    internal LabelSet DropName(LabelSet l)
    {
        if (!l.Has(LabelNames.MetricName)) return l;
        if (_withoutName.TryGetValue(l, out var cached)) return cached;
        var dropped = l.ToBuilder().Delete(LabelNames.MetricName).ToLabelSet();
        _withoutName[l] = dropped;
        // The result is a series' label set too; mapping it to itself lets a second drop skip the lookup's miss.
        _withoutName[dropped] = dropped;
        return dropped;
    }

    private LabelSet GroupKey(LabelSet metric, AggregateExpr a)
    {
        if (!_groupKeys.TryGetValue(a, out var keys)) _groupKeys[a] = keys = new Dictionary<LabelSet, LabelSet>(ReferenceEqualityComparer.Instance);
        if (keys.TryGetValue(metric, out var key)) return key;
        key = GroupLabels(metric, a);
        keys[metric] = key;
        return key;
    }

    private LabelSet BucketKey(LabelSet metric)
    {
        if (_bucketKeys.TryGetValue(metric, out var key)) return key;
        key = metric.ToBuilder().Delete(LabelNames.Bucket).Delete(LabelNames.MetricName).ToLabelSet();
        _bucketKeys[metric] = key;
        return key;
    }
}
