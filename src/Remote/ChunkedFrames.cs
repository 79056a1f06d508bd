using System.Buffers.Binary;
using Google.Protobuf;
using MetricsServer.Remote.Protocol;

namespace MetricsServer.Remote;

/// <summary>
/// The framing of a streamed remote read response: each <see cref="ChunkedReadResponse"/> is preceded by its
/// length as an unsigned varint and the big-endian CRC-32C of the message bytes.
/// </summary>
public static class ChunkedFrames
{
    public const string ContentType = "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse";

    /// <summary>Writes one frame.</summary>
    public static async ValueTask WriteAsync(Stream stream, ChunkedReadResponse message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(message);
        var size = message.CalculateSize();
        var frame = new byte[10 + 4 + size];
        var header = WriteVarint(frame, (ulong)size);
        message.WriteTo(frame.AsSpan(header + 4, size));
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(header), Crc32Castagnoli.Compute(frame.AsSpan(header + 4, size)));
        await stream.WriteAsync(frame.AsMemory(0, header + 4 + size), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the next frame; null at a clean end of stream. A truncated frame, a frame larger than
    /// <paramref name="maxFrameBytes"/>, a checksum mismatch or an undecodable message is a <see cref="RemoteProtocolException"/>.
    /// </summary>
    public static async ValueTask<ChunkedReadResponse?> ReadAsync(Stream stream, int maxFrameBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ulong size = 0;
        var shift = 0;
        var one = new byte[1];
        for (var i = 0; ; i++)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                if (i == 0) return null;
                throw new RemoteProtocolException("chunked frame: truncated length");
            }
            if (i == 9) throw new RemoteProtocolException("chunked frame: length varint too long");
            size |= (ulong)(one[0] & 0x7f) << shift;
            shift += 7;
            if (one[0] < 0x80) break;
        }
        if (size > (ulong)maxFrameBytes) throw new RemoteProtocolException($"chunked frame: {size} bytes is larger than the limit of {maxFrameBytes}");
        var body = new byte[4 + (int)size];
        await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt32BigEndian(body) != Crc32Castagnoli.Compute(body.AsSpan(4)))
            throw new RemoteProtocolException("chunked frame: checksum mismatch");
        try
        {
            return ChunkedReadResponse.Parser.ParseFrom(body.AsSpan(4));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RemoteProtocolException("chunked frame: " + e.Message, e);
        }
    }

    private static int WriteVarint(Span<byte> buffer, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            buffer[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[i++] = (byte)value;
        return i;
    }
}
