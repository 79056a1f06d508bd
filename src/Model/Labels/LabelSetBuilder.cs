namespace MetricsServer.Model.Labels;

/// <summary>
/// A mutable scratch list of labels that produces a <see cref="LabelSet"/>. Not thread-safe; reuse one per loop
/// with <see cref="Reset(LabelSet?)"/>. Setting an empty value deletes the label, as in Prometheus.
/// </summary>
public sealed class LabelSetBuilder
{
    private readonly List<Label> _labels = new(16);

    public LabelSetBuilder() { }

    public LabelSetBuilder(LabelSet start) => Reset(start);

    public int Count => _labels.Count;

    public LabelSetBuilder Reset(LabelSet? start = null)
    {
        _labels.Clear();
        if (start is not null) _labels.AddRange(start.AsSpan());
        return this;
    }

    public string Get(string name)
    {
        foreach (var l in _labels)
        {
            if (string.Equals(l.Name, name, StringComparison.Ordinal)) return l.Value;
        }
        return string.Empty;
    }

    public bool Has(string name)
    {
        foreach (var l in _labels)
        {
            if (string.Equals(l.Name, name, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Sets or replaces a label; an empty value removes it.</summary>
    public LabelSetBuilder Set(string name, string value)
    {
        for (var i = 0; i < _labels.Count; i++)
        {
            if (!string.Equals(_labels[i].Name, name, StringComparison.Ordinal)) continue;
            if (value.Length == 0) _labels.RemoveAt(i);
            else _labels[i] = new Label(name, value);
            return this;
        }
        if (value.Length > 0) _labels.Add(new Label(name, value));
        return this;
    }

    /// <summary>Appends without checking for duplicates: for parsers that validate separately.</summary>
    public LabelSetBuilder Add(string name, string value)
    {
        _labels.Add(new Label(name, value));
        return this;
    }

    public LabelSetBuilder Delete(string name)
    {
        for (var i = 0; i < _labels.Count; i++)
        {
            if (string.Equals(_labels[i].Name, name, StringComparison.Ordinal))
            {
                _labels.RemoveAt(i);
                return this;
            }
        }
        return this;
    }

    /// <summary>Removes every label for which <paramref name="predicate"/> is true.</summary>
    public LabelSetBuilder RemoveWhere(Predicate<Label> predicate)
    {
        _labels.RemoveAll(predicate);
        return this;
    }

    /// <summary>A snapshot of the current labels for iteration while the builder changes.</summary>
    public Label[] ToArray() => [.. _labels];

    public LabelSet ToLabelSet() => LabelSet.FromUnsorted([.. _labels]);
}
