using System.Text;
using MetricsServer.Model.Metadata;

namespace MetricsServer.Scraper;

/// <summary>
/// Keeps the TYPE, HELP and UNIT a target exposes per metric family, updating only what changed so that a
/// steady-state scrape allocates nothing here. Not thread-safe: one scrape loop owns it.
/// </summary>
public sealed class MetadataTracker
{
    private readonly Dictionary<byte[], Family> _families = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], Family>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly List<byte[]> _gone = [];
    private long _iteration;
    private bool _changed;

    public MetadataTracker() => _lookup = _families.GetAlternateLookup<ReadOnlySpan<byte>>();

    public void Begin() => _iteration++;

    public void SetType(ReadOnlySpan<byte> family, MetricType type)
    {
        var f = Get(family);
        if (f.Type == type) return;
        f.Type = type;
        _changed = true;
    }

    public void SetHelp(ReadOnlySpan<byte> family, ReadOnlySpan<byte> help)
    {
        var f = Get(family);
        if (help.SequenceEqual(f.HelpBytes)) return;
        f.HelpBytes = help.ToArray();
        _changed = true;
    }

    public void SetUnit(ReadOnlySpan<byte> family, ReadOnlySpan<byte> unit)
    {
        var f = Get(family);
        if (unit.SequenceEqual(f.UnitBytes)) return;
        f.UnitBytes = unit.ToArray();
        _changed = true;
    }

    /// <summary>Ends a successful scrape; returns a new snapshot when anything changed, otherwise null.</summary>
    public Dictionary<string, MetricMetadata>? End()
    {
        foreach (var (key, f) in _families)
        {
            if (f.LastSeen != _iteration) _gone.Add(key);
        }
        if (_gone.Count > 0)
        {
            foreach (var k in _gone) _families.Remove(k);
            _gone.Clear();
            _changed = true;
        }
        if (!_changed) return null;
        _changed = false;
        var snapshot = new Dictionary<string, MetricMetadata>(_families.Count, StringComparer.Ordinal);
        foreach (var f in _families.Values)
        {
            snapshot[f.Name] = new MetricMetadata(f.Type, Encoding.UTF8.GetString(f.HelpBytes), Encoding.UTF8.GetString(f.UnitBytes));
        }
        return snapshot;
    }

    private Family Get(ReadOnlySpan<byte> family)
    {
        if (!_lookup.TryGetValue(family, out var f))
        {
            f = new Family(Encoding.UTF8.GetString(family));
            _lookup[family] = f;
            _changed = true;
        }
        f.LastSeen = _iteration;
        return f;
    }

    private sealed class Family(string name)
    {
        public readonly string Name = name;
        public MetricType Type;
        public byte[] HelpBytes = [];
        public byte[] UnitBytes = [];
        public long LastSeen;
    }
}
