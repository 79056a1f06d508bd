using System.Collections;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace MetricsServer.Model.Labels;

/// <summary>
/// An immutable set of labels sorted by name, with its hash computed once.
/// Prometheus calls this <c>labels.Labels</c>; named LabelSet here so that it does not clash with the namespace.
/// Thread-safe: it never changes after construction.
/// </summary>
public sealed class LabelSet : IReadOnlyList<Label>, IEquatable<LabelSet>
{
    public static readonly LabelSet Empty = new([], sorted: true);

    private readonly Label[] _labels;

    /// <summary>A 64-bit hash of the names and values in order; equal sets have equal hashes.</summary>
    public ulong Hash { get; }

    private LabelSet(Label[] labels, bool sorted)
    {
        if (!sorted) Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        _labels = labels;
        Hash = ComputeHash(labels);
    }

    /// <summary>Builds a set from pairs in any order; the array is taken over, not copied.</summary>
    public static LabelSet FromUnsorted(Label[] labels) => labels.Length == 0 ? Empty : new LabelSet(labels, sorted: false);

    /// <summary>Builds a set from pairs already sorted by name with no duplicates; the array is taken over.</summary>
    public static LabelSet FromSorted(Label[] labels) => labels.Length == 0 ? Empty : new LabelSet(labels, sorted: true);

    /// <summary>Builds a set from alternating names and values: <c>FromStrings("__name__", "up", "job", "x")</c>.</summary>
    public static LabelSet FromStrings(params string[] nameValues)
    {
        if (nameValues.Length % 2 != 0) throw new ArgumentException("names and values must come in pairs", nameof(nameValues));
        var labels = new Label[nameValues.Length / 2];
        for (var i = 0; i < labels.Length; i++) labels[i] = new Label(nameValues[2 * i], nameValues[2 * i + 1]);
        return FromUnsorted(labels);
    }

    public int Count => _labels.Length;

    public Label this[int index] => _labels[index];

    public ReadOnlySpan<Label> AsSpan() => _labels;

    /// <summary>The value of <paramref name="name"/>, or the empty string when absent (Prometheus's convention).</summary>
    public string Get(string name)
    {
        var i = IndexOf(name);
        return i >= 0 ? _labels[i].Value : string.Empty;
    }

    public bool Has(string name) => IndexOf(name) >= 0;

    public string MetricName => Get(LabelNames.MetricName);

    private int IndexOf(string name)
    {
        // Label sets are small; a linear scan beats binary search below a few dozen entries.
        var labels = _labels;
        for (var i = 0; i < labels.Length; i++)
        {
            if (string.Equals(labels[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    public bool Equals(LabelSet? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Hash != Hash || other._labels.Length != _labels.Length) return false;
        for (var i = 0; i < _labels.Length; i++)
        {
            if (!string.Equals(_labels[i].Name, other._labels[i].Name, StringComparison.Ordinal)
                || !string.Equals(_labels[i].Value, other._labels[i].Value, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is LabelSet other && Equals(other);

    public override int GetHashCode() => (int)(Hash ^ (Hash >> 32));

    public IEnumerator<Label> GetEnumerator() => ((IEnumerable<Label>)_labels).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A builder starting from this set.</summary>
    public LabelSetBuilder ToBuilder() => new(this);

    /// <summary>Prometheus's text form: <c>{a="1", b="2"}</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < _labels.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(_labels[i].Name).Append("=\"").Append(EscapeValue(_labels[i].Value)).Append('"');
        }
        return sb.Append('}').ToString();
    }

    internal static string EscapeValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0) return value;
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    private static ulong ComputeHash(Label[] labels)
    {
        var hasher = new XxHash3();
        Span<byte> sep = [0xff];
        foreach (var l in labels)
        {
            hasher.Append(MemoryMarshal.AsBytes(l.Name.AsSpan()));
            hasher.Append(sep);
            hasher.Append(MemoryMarshal.AsBytes(l.Value.AsSpan()));
            hasher.Append(sep);
        }
        return hasher.GetCurrentHashAsUInt64();
    }
}
