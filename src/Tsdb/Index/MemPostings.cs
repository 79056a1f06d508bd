using System.Runtime.InteropServices;
using MetricsServer.Model.Labels;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Tsdb.Index;

/// <summary>
/// The head's inverted index: label name → value → ascending series refs, with <c>__name__</c> like any label.
/// It also interns label strings: the first string seen for a name or value is kept and handed to every later
/// series with it, so that a value repeated across series is stored once. Thread-safe (one lock: writes happen only when series come and go, which is rare in steady state).
/// </summary>
internal sealed class MemPostings
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, NameEntry> _names = new(StringComparer.Ordinal);

    /// <summary>Indexes series <paramref name="reference"/>; returns its labels rebuilt from interned strings.</summary>
    public LabelSet Add(ulong reference, LabelSet labels)
    {
        var interned = new Label[labels.Count];
        _lock.Enter();
        try
        {
            for (var i = 0; i < labels.Count; i++)
            {
                var label = labels[i];
                if (!_names.TryGetValue(label.Name, out var name))
                {
                    name = new NameEntry(label.Name);
                    _names.Add(label.Name, name);
                }
                ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(name.Values, label.Value, out var exists);
                if (!exists) list.Value = label.Value;
                list.Add(reference);
                interned[i] = new Label(name.Name, list.Value);
            }
        }
        finally
        {
            _lock.Exit();
        }
        return LabelSet.FromSorted(interned);
    }

    public void Remove(ulong reference, LabelSet labels)
    {
        _lock.Enter();
        try
        {
            foreach (var label in labels)
            {
                if (!_names.TryGetValue(label.Name, out var name)) continue;
                ref var list = ref CollectionsMarshal.GetValueRefOrNullRef(name.Values, label.Value);
                if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref list)) continue;
                list.Remove(reference);
                if (list.Count == 0) name.Values.Remove(label.Value);
                if (name.Values.Count == 0) _names.Remove(label.Name);
            }
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>Sorted label names.</summary>
    public List<string> Names()
    {
        _lock.Enter();
        try
        {
            var result = new List<string>(_names.Keys);
            result.Sort(Utf8StringComparer.Instance);
            return result;
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>Sorted values of <paramref name="name"/>.</summary>
    public List<string> Values(string name)
    {
        _lock.Enter();
        try
        {
            if (!_names.TryGetValue(name, out var entry)) return [];
            var result = new List<string>(entry.Values.Keys);
            result.Sort(Utf8StringComparer.Instance);
            return result;
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with every label name, one of its values and the number of series carrying that
    /// pair, under the postings lock: the visitor must be quick and must not call back into the postings. For statistics.
    /// </summary>
    public void ForEachPair(Action<string, string, int> visit)
    {
        _lock.Enter();
        try
        {
            foreach (var (name, entry) in _names)
            {
                foreach (var (value, list) in entry.Values) visit(name, value, list.Count);
            }
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>
    /// The ascending refs of series satisfying every matcher in <paramref name="matchers"/> that does not match the
    /// empty string (such a matcher requires the label to be present). Matchers matching the empty string are left to
    /// the caller to check against each series' labels. Null when no matcher narrows the set.
    /// </summary>
    public ulong[]? Intersect(ReadOnlySpan<Matcher> matchers)
    {
        ulong[]? result = null;
        _lock.Enter();
        try
        {
            // Equality first: those lists are the cheapest to find and usually the shortest.
            for (var pass = 0; pass < 2; pass++)
            {
                foreach (var m in matchers)
                {
                    if ((m.Type == MatchType.Equal) != (pass == 0) || m.MatchesEmpty) continue;
                    var refs = ForMatcher(m);
                    result = result is null ? refs : IntersectSorted(result, refs);
                    if (result.Length == 0) return result;
                }
            }
        }
        finally
        {
            _lock.Exit();
        }
        return result;
    }

    private ulong[] ForMatcher(Matcher m)
    {
        if (!_names.TryGetValue(m.Name, out var name)) return [];
        if (m.Type == MatchType.Equal)
        {
            return name.Values.TryGetValue(m.Value, out var list) ? list.AsSpan().ToArray() : [];
        }
        // Union over matching values. Refs under one name are disjoint across values, so a sort suffices.
        var union = new List<ulong>();
        foreach (var (value, list) in name.Values)
        {
            if (m.Matches(value)) union.AddRange(list.AsSpan());
        }
        var array = union.ToArray();
        Array.Sort(array);
        return array;
    }

    internal static ulong[] IntersectSorted(ulong[] a, ulong[] b)
    {
        var result = new List<ulong>(Math.Min(a.Length, b.Length));
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j]) i++;
            else if (a[i] > b[j]) j++;
            else
            {
                result.Add(a[i]);
                i++;
                j++;
            }
        }
        return result.ToArray();
    }

    private sealed class NameEntry(string name)
    {
        public readonly string Name = name;
        public readonly Dictionary<string, PostingsList> Values = new(StringComparer.Ordinal);
    }
}
