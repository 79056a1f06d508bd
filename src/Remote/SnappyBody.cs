using Snappier;

namespace MetricsServer.Remote;

/// <summary>
/// Reads a snappy block-compressed request body with bounds on both the bytes on the wire and the bytes they
/// claim to decompress to, so that no request can make us allocate more than the bounds.
/// </summary>
public static class SnappyBody
{
    /// <summary>
    /// Reads at most <paramref name="maxCompressedBytes"/> from <paramref name="body"/>; a longer body is a 413.
    /// </summary>
    public static async Task<byte[]> ReadAsync(Stream body, int maxCompressedBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = new byte[Math.Min(maxCompressedBytes + 1, 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxCompressedBytes) throw TooLarge(maxCompressedBytes);
                Array.Resize(ref buffer, (int)Math.Min((long)maxCompressedBytes + 1, buffer.Length * 2L));
            }
            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            length += read;
        }
        if (length > maxCompressedBytes) throw TooLarge(maxCompressedBytes);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>
    /// Decompresses a snappy block; corrupt input is a 400, a block claiming more than
    /// <paramref name="maxDecompressedBytes"/> a 413.
    /// </summary>
    public static byte[] Decompress(ReadOnlySpan<byte> compressed, int maxDecompressedBytes)
    {
        int length;
        try
        {
            length = Snappy.GetUncompressedLength(compressed);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new RemoteProtocolException(400, "snappy: corrupt input: " + e.Message, e);
        }
        if (length < 0) throw new RemoteProtocolException(400, "snappy: corrupt input: bad length header");
        if (length > maxDecompressedBytes)
            throw new RemoteProtocolException(413, $"snappy: decompressed body of {length} bytes is larger than the limit of {maxDecompressedBytes} bytes");
        // Snappy expands at most 64 bytes from a 3-byte copy tag: a larger claim is a corrupt header.
        if (length > ((long)compressed.Length * 22) + 64) throw new RemoteProtocolException(400, $"snappy: corrupt input: {compressed.Length} bytes cannot decompress to {length}");
        var output = new byte[length];
        try
        {
            var written = Snappy.Decompress(compressed, output);
            if (written != length) throw new RemoteProtocolException(400, "snappy: corrupt input: decompressed length differs from its header");
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new RemoteProtocolException(400, "snappy: corrupt input: " + e.Message, e);
        }
        return output;
    }

    /// <summary>Compresses <paramref name="data"/> into a snappy block.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        var output = new byte[Snappy.GetMaxCompressedLength(data.Length)];
        var written = Snappy.Compress(data, output);
        return output.AsSpan(0, written).ToArray();
    }

    private static RemoteProtocolException TooLarge(int limit) =>
        new(413, $"request body too large: more than {limit} bytes");
}
