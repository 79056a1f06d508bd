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
    private const string TypeLabel = "__type__";
    private const string UnitLabel = "__unit__";

    private readonly Dictionary<LabelSet, LabelSet> _withoutName = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<AggregateExpr, Dictionary<LabelSet, LabelSet>> _groupKeys = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<LabelSet, LabelSet> _bucketKeys = new(ReferenceEqualityComparer.Instance);

    /// <summary>The label set without its metric name (and the name's type and unit labels when those are on).</summary>
    internal LabelSet WithoutName(LabelSet l)
    {
        if (!HasNameLabels(l)) return l;
        if (_withoutName.TryGetValue(l, out var cached)) return cached;
        var dropped = DeleteName(l.ToBuilder()).ToLabelSet();
        _withoutName[l] = dropped;
        // The result is a series' label set too; mapping it to itself lets a second drop skip the lookup's miss.
        _withoutName[dropped] = dropped;
        return dropped;
    }

    private bool HasNameLabels(LabelSet l) =>
        l.Has(LabelNames.MetricName) || (_options.EnableTypeAndUnitLabels && (l.Has(TypeLabel) || l.Has(UnitLabel)));

    /// <summary>Deletes the metric name, and with type and unit labels on, <c>__type__</c> and <c>__unit__</c> too.</summary>
    internal LabelSetBuilder DeleteName(LabelSetBuilder b)
    {
        b.Delete(LabelNames.MetricName);
        if (_options.EnableTypeAndUnitLabels) b.Delete(TypeLabel).Delete(UnitLabel);
        return b;
    }

    /// <summary>
    /// A result sample whose metric name goes: at once, or with delayed name removal when the query ends, so that
    /// label_replace, label_join and <c>by (__name__)</c> still see it in between.
    /// </summary>
    private StepSample NameDropped(LabelSet metric, long t, double f) =>
        _options.EnableDelayedNameRemoval ? new StepSample(metric, t, f, DropName: true) : new StepSample(WithoutName(metric), t, f);

    /// <summary>The label set a result sample ends the query with.</summary>
    internal LabelSet FinalMetric(LabelSet metric, bool dropName) => dropName ? WithoutName(metric) : metric;

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
        key = DeleteName(metric.ToBuilder().Delete(LabelNames.Bucket)).ToLabelSet();
        _bucketKeys[metric] = key;
        return key;
    }
}
