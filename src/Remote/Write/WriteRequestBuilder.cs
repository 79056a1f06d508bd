using System.Buffers.Binary;
using System.Text;
using MetricsServer.Model.Labels;

namespace MetricsServer.Remote.Write;

/// <summary>
/// Builds the protobuf bytes of a remote write 1.0 <c>WriteRequest</c> directly, one <c>TimeSeries</c> of one
/// sample per call, as Prometheus's sender does. A series' labels are encoded once (<see cref="EncodeLabels"/>) and
/// copied per sample, so that a batch costs a copy and a few varints per sample and no objects. Field numbers are
/// the specification's: WriteRequest.timeseries 1; TimeSeries.labels 1, samples 2; Label.name 1, value 2;
/// Sample.value 1 (double), timestamp 2 (int64). Not thread-safe: one per shard.
/// </summary>
internal sealed class WriteRequestBuilder
{
    private byte[] _buffer = new byte[64 * 1024];

    /// <summary>How many samples were added since <see cref="Reset"/>.</summary>
    public int Count { get; private set; }

    /// <summary>The encoded request so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public int Length { get; private set; }

    public void Reset()
    {
        Length = 0;
        Count = 0;
    }

    /// <summary>The TimeSeries.labels fields for <paramref name="labels"/>, to pass to <see cref="Add"/>.</summary>
    public static byte[] EncodeLabels(LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var size = 0;
        foreach (var l in labels) size += FieldSize(LabelSize(l));
        var result = new byte[size];
        var span = result.AsSpan();
        foreach (var l in labels)
        {
            span = WriteTag(span, 1, 2);
            span = WriteVarint(span, (ulong)LabelSize(l));
            span = WriteString(span, 1, l.Name);
            span = WriteString(span, 2, l.Value);
        }
        return result;
    }

    /// <summary>Appends one TimeSeries holding <paramref name="encodedLabels"/> and one sample.</summary>
    public void Add(byte[] encodedLabels, long timestampMs, double value)
    {
        var sampleSize = 1 + 8 + 1 + VarintSize(unchecked((ulong)timestampMs));
        var seriesSize = encodedLabels.Length + FieldSize(sampleSize);
        var total = FieldSize(seriesSize);
        if (_buffer.Length - Length < total) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + total));
        var span = _buffer.AsSpan(Length, total);
        span = WriteTag(span, 1, 2);
        span = WriteVarint(span, (ulong)seriesSize);
        encodedLabels.CopyTo(span);
        span = span[encodedLabels.Length..];
        span = WriteTag(span, 2, 2);
        span = WriteVarint(span, (ulong)sampleSize);
        span = WriteTag(span, 1, 1);
        BinaryPrimitives.WriteDoubleLittleEndian(span, value);
        span = WriteTag(span[8..], 2, 0);
        WriteVarint(span, unchecked((ulong)timestampMs));
        Length += total;
        Count++;
    }

    private static int LabelSize(Label l) =>
        FieldSize(Encoding.UTF8.GetByteCount(l.Name)) + FieldSize(Encoding.UTF8.GetByteCount(l.Value));

    /// <summary>A length-delimited field's size: tag, length and payload.</summary>
    private static int FieldSize(int payload) => 1 + VarintSize((ulong)payload) + payload;

    private static int VarintSize(ulong v)
    {
        var n = 1;
        while (v >= 0x80)
        {
            v >>= 7;
            n++;
        }
        return n;
    }

    private static Span<byte> WriteTag(Span<byte> span, int field, int wireType)
    {
        span[0] = (byte)((field << 3) | wireType);
        return span[1..];
    }

    private static Span<byte> WriteVarint(Span<byte> span, ulong v)
    {
        var i = 0;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        span[i++] = (byte)v;
        return span[i..];
    }

    private static Span<byte> WriteString(Span<byte> span, int field, string s)
    {
        var length = Encoding.UTF8.GetByteCount(s);
        span = WriteTag(span, field, 2);
        span = WriteVarint(span, (ulong)length);
        Encoding.UTF8.GetBytes(s, span);
        return span[length..];
    }
}
