using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;

namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// Encodes WAL records in Prometheus's record format (docs/format/wal.md): a type byte, then big-endian fixed-width
/// integers, LEB128 unsigned varints and zig-zag signed varints. Writes into any <see cref="IBufferWriter{T}"/>;
/// allocates nothing itself. Thread-safe: stateless.
/// </summary>
public static class WalRecordEncoder
{
    private const int MaxVarint = 10;

    /// <summary>Type 1: per series, its 8-byte reference, the label count and each name and value as length-prefixed bytes.</summary>
    public static void Series(ReadOnlySpan<RefSeries> series, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PutByte(output, (byte)WalRecordType.Series);
        foreach (var s in series)
        {
            var span = output.GetSpan(8);
            BinaryPrimitives.WriteUInt64BigEndian(span, s.Ref.Value);
            output.Advance(8);
            PutLabels(output, s.Labels);
        }
    }

    /// <summary>
    /// Type 2: the first sample's reference and timestamp (8 bytes each), then per sample the reference and timestamp
    /// as signed varint deltas from the first and the value's 8 IEEE-754 bytes. No samples: the type byte alone.
    /// </summary>
    public static void Samples(ReadOnlySpan<RefSample> samples, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PutByte(output, (byte)WalRecordType.Samples);
        if (samples.IsEmpty) return;
        var firstRef = (long)samples[0].Ref.Value;
        var firstT = samples[0].T;
        var head = output.GetSpan(16);
        BinaryPrimitives.WriteUInt64BigEndian(head, (ulong)firstRef);
        BinaryPrimitives.WriteInt64BigEndian(head[8..], firstT);
        output.Advance(16);
        foreach (var s in samples)
        {
            var span = output.GetSpan((2 * MaxVarint) + 8);
            var n = WriteVarint(span, unchecked((long)s.Ref.Value - firstRef));
            n += WriteVarint(span[n..], unchecked(s.T - firstT));
            BinaryPrimitives.WriteUInt64BigEndian(span[n..], BitConverter.DoubleToUInt64Bits(s.V));
            output.Advance(n + 8);
        }
    }

    /// <summary>Type 3: per interval, the 8-byte series reference and the min and max time as signed varints.</summary>
    public static void Tombstones(ReadOnlySpan<RefTombstone> tombstones, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PutByte(output, (byte)WalRecordType.Tombstones);
        foreach (var t in tombstones)
        {
            var span = output.GetSpan(8 + (2 * MaxVarint));
            BinaryPrimitives.WriteUInt64BigEndian(span, t.Ref.Value);
            var n = 8 + WriteVarint(span[8..], t.MinTime);
            n += WriteVarint(span[n..], t.MaxTime);
            output.Advance(n);
        }
    }

    /// <summary>Type 4: laid out as samples, with each exemplar's labels after its value.</summary>
    public static void Exemplars(ReadOnlySpan<RefExemplar> exemplars, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PutByte(output, (byte)WalRecordType.Exemplars);
        if (exemplars.IsEmpty) return;
        var firstRef = (long)exemplars[0].Ref.Value;
        var firstT = exemplars[0].T;
        var head = output.GetSpan(16);
        BinaryPrimitives.WriteUInt64BigEndian(head, (ulong)firstRef);
        BinaryPrimitives.WriteInt64BigEndian(head[8..], firstT);
        output.Advance(16);
        foreach (var e in exemplars)
        {
            var span = output.GetSpan((2 * MaxVarint) + 8);
            var n = WriteVarint(span, unchecked((long)e.Ref.Value - firstRef));
            n += WriteVarint(span[n..], unchecked(e.T - firstT));
            BinaryPrimitives.WriteUInt64BigEndian(span[n..], BitConverter.DoubleToUInt64Bits(e.V));
            output.Advance(n + 8);
            PutLabels(output, e.Labels);
        }
    }

    /// <summary>
    /// Type 6: per series, its reference as an unsigned varint, the metric type byte, the field count (2) and the
    /// fields UNIT and HELP as length-prefixed name/value pairs.
    /// </summary>
    public static void Metadata(ReadOnlySpan<RefMetadata> metadata, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PutByte(output, (byte)WalRecordType.Metadata);
        foreach (var m in metadata)
        {
            var span = output.GetSpan(MaxVarint + 2);
            var n = WriteUvarint(span, m.Ref.Value);
            span[n++] = MetricTypeByte(m.Type);
            n += WriteUvarint(span[n..], 2);
            output.Advance(n);
            PutString(output, "UNIT");
            PutString(output, m.Unit);
            PutString(output, "HELP");
            PutString(output, m.Help);
        }
    }

    /// <summary>Prometheus's metric type numbers in metadata records: unknown 0, counter 1 … stateset 7.</summary>
    public static byte MetricTypeByte(MetricType type) => type switch
    {
        MetricType.Counter => 1,
        MetricType.Gauge => 2,
        MetricType.Histogram => 3,
        MetricType.GaugeHistogram => 4,
        MetricType.Summary => 5,
        MetricType.Info => 6,
        MetricType.StateSet => 7,
        _ => 0,
    };

    private static void PutLabels(IBufferWriter<byte> output, LabelSet labels)
    {
        var span = output.GetSpan(MaxVarint);
        output.Advance(WriteUvarint(span, (ulong)labels.Count));
        foreach (var l in labels.AsSpan())
        {
            PutString(output, l.Name);
            PutString(output, l.Value);
        }
    }

    private static void PutString(IBufferWriter<byte> output, string s)
    {
        var length = Encoding.UTF8.GetByteCount(s);
        var span = output.GetSpan(MaxVarint + length);
        var n = WriteUvarint(span, (ulong)length);
        n += Encoding.UTF8.GetBytes(s, span[n..]);
        output.Advance(n);
    }

    private static void PutByte(IBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    internal static int WriteUvarint(Span<byte> span, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        return i;
    }

    // Zig-zag, so that small negative deltas stay short.
    internal static int WriteVarint(Span<byte> span, long value) => WriteUvarint(span, (ulong)((value << 1) ^ (value >> 63)));
}
