using Google.Protobuf.Collections;
using MetricsServer.Model.Labels;
using ProtoLabel = MetricsServer.Remote.Protocol.Label;

namespace MetricsServer.Remote;

/// <summary>Conversions between wire labels and <see cref="LabelSet"/>, with the receiver's validation.</summary>
public static class ProtoLabels
{
    /// <summary>
    /// The series' labels, sorted, or null with <paramref name="problem"/> set when Prometheus's receiver would
    /// skip the series: no metric name, an empty label name, or a name given twice. Labels with empty values are
    /// left out: an empty value means the label is absent.
    /// </summary>
    public static LabelSet? ToLabelSet(RepeatedField<ProtoLabel> labels, out string? problem, bool requireMetricName = true)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var result = new List<Label>(labels.Count);
        foreach (var l in labels)
        {
            if (l.Name.Length == 0)
            {
                problem = "empty label name";
                return null;
            }
            if (l.Value.Length > 0) result.Add(new Label(l.Name, l.Value));
        }
        result.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < result.Count; i++)
        {
            if (string.Equals(result[i - 1].Name, result[i].Name, StringComparison.Ordinal))
            {
                problem = $"duplicate label name {result[i].Name}";
                return null;
            }
        }
        // A name given twice with one empty value was dropped above; check the wire names too.
        if (labels.Count != result.Count && HasDuplicateNames(labels, out var name))
        {
            problem = $"duplicate label name {name}";
            return null;
        }
        var set = LabelSet.FromSorted([.. result]);
        if (requireMetricName && set.MetricName.Length == 0)
        {
            problem = "missing metric name";
            return null;
        }
        problem = null;
        return set;
    }

    /// <summary>The wire form of <paramref name="labels"/> merged with <paramref name="external"/>; the series' own labels win.</summary>
    public static void AddTo(RepeatedField<ProtoLabel> target, LabelSet labels, LabelSet? external = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(labels);
        if (external is null || external.Count == 0)
        {
            foreach (var l in labels) target.Add(new ProtoLabel { Name = l.Name, Value = l.Value });
            return;
        }
        int i = 0, j = 0;
        while (i < labels.Count || j < external.Count)
        {
            var cmp = i == labels.Count ? 1 : j == external.Count ? -1 : string.CompareOrdinal(labels[i].Name, external[j].Name);
            if (cmp <= 0)
            {
                target.Add(new ProtoLabel { Name = labels[i].Name, Value = labels[i].Value });
                if (cmp == 0) j++;
                i++;
            }
            else
            {
                target.Add(new ProtoLabel { Name = external[j].Name, Value = external[j].Value });
                j++;
            }
        }
    }

    private static bool HasDuplicateNames(RepeatedField<ProtoLabel> labels, out string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var l in labels)
        {
            if (!seen.Add(l.Name))
            {
                name = l.Name;
                return true;
            }
        }
        name = "";
        return false;
    }
}
