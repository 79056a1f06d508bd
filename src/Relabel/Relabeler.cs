using MetricsServer.Model.Labels;

namespace MetricsServer.Relabel;

/// <summary>
/// Applies compiled relabel rules to label sets with Prometheus's semantics. Rules run in order; a rule that drops
/// the set ends processing. Thread-safe: the rules are immutable and all scratch state is per call or per thread.
/// </summary>
public static partial class Relabeler
{
    // One scratch builder per thread for the LabelSet overload, so that relabeling a target allocates only its result.
    [ThreadStatic]
    private static LabelSetBuilder? _scratch;

    /// <summary>
    /// Relabels <paramref name="input"/>. Returns null when a rule drops it, the input itself when no rule changed
    /// anything, and otherwise a new set.
    /// </summary>
    public static LabelSet? Process(LabelSet input, RelabelRules rules)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.IsEmpty) return input;

        var builder = _scratch ??= new LabelSetBuilder();
        builder.Reset(input);
        try
        {
            var changed = false;
            foreach (var rule in rules.AsSpan())
            {
                if (!Apply(rule, builder, ref changed)) return null;
            }
            return changed ? builder.ToLabelSet() : input;
        }
        finally
        {
            // Do not keep the caller's strings alive from a thread-static.
            builder.Reset();
        }
    }

    /// <summary>
    /// Relabels the labels in <paramref name="builder"/> in place: the hot path for metric relabeling, which runs
    /// for every series the scrape has not seen before. Returns false when a rule drops the series, in which case
    /// the builder holds whatever the rules before the dropping one made of it.
    /// </summary>
    public static bool Process(LabelSetBuilder builder, RelabelRules rules)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rules);
        var changed = false;
        foreach (var rule in rules.AsSpan())
        {
            if (!Apply(rule, builder, ref changed)) return false;
        }
        return true;
    }

    /// <summary>
    /// Relabels <paramref name="input"/> rule by rule and records each step, for Prometheus's
    /// <c>/api/v1/targets/relabel_steps</c>: one entry per rule applied, each with the labels after it; the rule that
    /// drops the set is the last entry, with empty output and <see cref="RelabelStep.Keep"/> false.
    /// </summary>
    public static IReadOnlyList<RelabelStep> ProcessSteps(LabelSet input, RelabelRules rules)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rules);
        var steps = new List<RelabelStep>(rules.Count);
        var builder = new LabelSetBuilder(input);
        var changed = false;
        foreach (var rule in rules.AsSpan())
        {
            var keep = Apply(rule, builder, ref changed);
            steps.Add(new RelabelStep(rule, keep ? builder.ToLabelSet() : LabelSet.Empty, keep));
            if (!keep) break;
        }
        return steps;
    }
}
