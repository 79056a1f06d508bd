using System.Runtime.CompilerServices;
using System.Text;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// Decodes WAL records (docs/format/wal.md) into caller-provided lists, appending. Samples and tombstones
/// allocate nothing beyond the list's growth; series, exemplars and metadata allocate their strings, interned through
/// a small per-decoder cache so that repeated label names and values share one string. On a malformed record the
/// list is left as it was and <see cref="WalCorruptionException"/> (segment -1, offset within the record) is thrown.
/// Not thread-safe (the cache); use one decoder per replay thread.
/// </summary>
public sealed class WalRecordDecoder
{
    private const int MaxInternedLength = 128;
    private const int MaxInterned = 1 << 16;

    private readonly Dictionary<string, string> _interned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public WalRecordDecoder()
    {
        _lookup = _interned.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The record's type, or <see cref="WalRecordType.Unknown"/> for an empty record or an unknown first byte.</summary>
    public static WalRecordType Type(ReadOnlySpan<byte> record)
    {
        if (record.IsEmpty) return WalRecordType.Unknown;
        var t = record[0];
        return t is >= 1 and <= 14 ? (WalRecordType)t : WalRecordType.Unknown;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Series(ReadOnlySpan<byte> record, List<RefSeries> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var start = into.Count;
        try
        {
            var buf = Begin(record, WalRecordType.Series);
            while (buf.Remaining > 0)
            {
                var r = new SeriesRef(buf.Be64());
                into.Add(new RefSeries(r, Labels(ref buf)));
            }
        }
        catch (WalCorruptionException)
        {
            into.RemoveRange(start, into.Count - start);
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Samples(ReadOnlySpan<byte> record, List<RefSample> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var start = into.Count;
        try
        {
            var buf = Begin(record, WalRecordType.Samples);
            if (buf.Remaining == 0) return;
            var baseRef = buf.Be64();
            var baseT = (long)buf.Be64();
            // Each sample takes at least 10 bytes; growing once keeps replay from reallocating per record.
            into.EnsureCapacity(into.Count + (buf.Remaining / 10));
            while (buf.Remaining > 0)
            {
                var dref = buf.Varint();
                var dt = buf.Varint();
                var v = BitConverter.UInt64BitsToDouble(buf.Be64());
                into.Add(new RefSample(new SeriesRef(unchecked(baseRef + (ulong)dref)), unchecked(baseT + dt), v));
            }
        }
        catch (WalCorruptionException)
        {
            into.RemoveRange(start, into.Count - start);
            throw;
        }
    }

    public static void Tombstones(ReadOnlySpan<byte> record, List<RefTombstone> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var start = into.Count;
        try
        {
            var buf = Begin(record, WalRecordType.Tombstones);
            while (buf.Remaining > 0)
            {
                var r = new SeriesRef(buf.Be64());
                var min = buf.Varint();
                var max = buf.Varint();
                into.Add(new RefTombstone(r, min, max));
            }
        }
        catch (WalCorruptionException)
        {
            into.RemoveRange(start, into.Count - start);
            throw;
        }
    }

    public void Exemplars(ReadOnlySpan<byte> record, List<RefExemplar> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var start = into.Count;
        try
        {
            var buf = Begin(record, WalRecordType.Exemplars);
            if (buf.Remaining == 0) return;
            var baseRef = buf.Be64();
            var baseT = (long)buf.Be64();
            while (buf.Remaining > 0)
            {
                var dref = buf.Varint();
                var dt = buf.Varint();
                var v = BitConverter.UInt64BitsToDouble(buf.Be64());
                into.Add(new RefExemplar(new SeriesRef(unchecked(baseRef + (ulong)dref)), unchecked(baseT + dt), v, Labels(ref buf)));
            }
        }
        catch (WalCorruptionException)
        {
            into.RemoveRange(start, into.Count - start);
            throw;
        }
    }

    public void Metadata(ReadOnlySpan<byte> record, List<RefMetadata> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var start = into.Count;
        try
        {
            var buf = Begin(record, WalRecordType.Metadata);
            while (buf.Remaining > 0)
            {
                var r = new SeriesRef(buf.Uvarint());
                var type = ToMetricType(buf.Byte());
                var fields = buf.Uvarint();
                // Each field takes at least two bytes: a larger count is corrupt, refused before looping on it.
                if (fields > (ulong)buf.Remaining / 2) throw buf.Error($"metadata claims {fields} fields");
                string unit = string.Empty, help = string.Empty;
                for (ulong i = 0; i < fields; i++)
                {
                    var name = buf.UvarintBytes();
                    var value = buf.UvarintBytes();
                    // Fields other than UNIT and HELP come from newer writers; they are skipped.
                    if (name.SequenceEqual("UNIT"u8)) unit = String(value);
                    else if (name.SequenceEqual("HELP"u8)) help = Encoding.UTF8.GetString(value);
                }
                into.Add(new RefMetadata(r, type, unit, help));
            }
        }
        catch (WalCorruptionException)
        {
            into.RemoveRange(start, into.Count - start);
            throw;
        }
    }

    /// <summary>Prometheus's metric type numbers back to <see cref="MetricType"/>; unknown numbers are Unknown.</summary>
    public static MetricType ToMetricType(byte b) => b switch
    {
        1 => MetricType.Counter,
        2 => MetricType.Gauge,
        3 => MetricType.Histogram,
        4 => MetricType.GaugeHistogram,
        5 => MetricType.Summary,
        6 => MetricType.Info,
        7 => MetricType.StateSet,
        _ => MetricType.Unknown,
    };

    private static WalRecordBuffer Begin(ReadOnlySpan<byte> record, WalRecordType expected)
    {
        var buf = new WalRecordBuffer(record);
        var t = buf.Byte();
        if (t != (byte)expected) throw new WalCorruptionException(-1, 0, $"record type {t} is not {expected}");
        return buf;
    }

    private LabelSet Labels(ref WalRecordBuffer buf)
    {
        var count = buf.Uvarint();
        // A label takes at least two bytes (two empty strings), so a count beyond that is corrupt; checked before allocating.
        if (count > (ulong)buf.Remaining / 2) throw buf.Error($"label count {count} exceeds the record");
        if (count == 0) return LabelSet.Empty;
        var labels = new Label[count];
        for (var i = 0; i < labels.Length; i++)
        {
            var name = String(buf.UvarintBytes());
            var value = String(buf.UvarintBytes());
            labels[i] = new Label(name, value);
        }
        return LabelSet.FromUnsorted(labels);
    }

    private string String(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return string.Empty;
        if (utf8.Length > MaxInternedLength) return Encoding.UTF8.GetString(utf8);
        Span<char> chars = stackalloc char[MaxInternedLength];
        var n = Encoding.UTF8.GetChars(utf8, chars);
        var key = chars[..n];
        if (_lookup.TryGetValue(key, out var s)) return s;
        if (_interned.Count >= MaxInterned) _interned.Clear();
        s = key.ToString();
        _interned[s] = s;
        return s;
    }
}
