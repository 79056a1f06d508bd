using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery;

/// <summary>
/// A set of targets sharing labels, as one discoverer found them (Prometheus's <c>targetgroup.Group</c>).
/// Immutable and so safe to share between threads.
/// </summary>
public sealed class TargetGroup
{
    private static readonly LabelSet[] NoTargets = [];

    /// <summary>
    /// Creates a group. <paramref name="targets"/> is copied, so the caller may reuse its list.
    /// </summary>
    /// <param name="source">Identifies the group within its discoverer; a later group with the same source replaces it.</param>
    /// <param name="targets">Each target's own labels, usually just <c>__address__</c>.</param>
    /// <param name="labels">Labels common to every target of the group; a target's own label wins over one of these.</param>
    public TargetGroup(string source, IReadOnlyList<LabelSet> targets, LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(labels);
        Source = source;
        Targets = targets.Count == 0 ? NoTargets : [.. targets];
        Labels = labels;
    }

    /// <summary>Unique within the discoverer that produced the group, e.g. <c>0</c> or <c>targets.yml:2</c>.</summary>
    public string Source { get; }

    /// <summary>Each target's own labels. Empty means every target this source had before is gone.</summary>
    public IReadOnlyList<LabelSet> Targets { get; }

    /// <summary>Labels common to the whole group.</summary>
    public LabelSet Labels { get; }

    /// <summary>A group that says every target of <paramref name="source"/> is gone.</summary>
    public static TargetGroup Empty(string source) => new(source, NoTargets, LabelSet.Empty);

    public override string ToString() => $"{Source}: {Targets.Count} targets {Labels}";
}
