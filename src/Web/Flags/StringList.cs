using System.Collections;

namespace MetricsServer.Web.Flags;

/// <summary>
/// An immutable list of strings that compares by content, so that <see cref="ServerOptions"/> (a record) keeps value
/// equality with its repeatable flags.
/// </summary>
public sealed class StringList : IReadOnlyList<string>, IEquatable<StringList>
{
    private readonly string[] _items;

    public StringList(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
    }

    public static StringList Empty { get; } = new([]);

    public static StringList Of(params string[] items) => new(items);

    public int Count => _items.Length;

    public string this[int index] => _items[index];

    /// <summary>A new list with <paramref name="more"/> appended.</summary>
    public StringList Concat(IEnumerable<string> more) => new(_items.Concat(more));

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(StringList? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as StringList);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    /// <summary>Comma-joined, the way kingpin prints a repeatable flag's value.</summary>
    public override string ToString() => string.Join(',', _items);
}
