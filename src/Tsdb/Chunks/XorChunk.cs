namespace MetricsServer.Tsdb.Chunks;

/// <summary>
/// A complete, immutable XOR chunk: the bytes of Prometheus's XOR chunk data (encoding 1 in a chunk file), without
/// the chunk file's length, encoding byte and checksum. Thread-safe.
/// </summary>
public sealed class XorChunk
{
    /// <summary>Prometheus's encoding number for XOR chunks in chunk files and remote read.</summary>
    public const byte Encoding = 1;

    private readonly byte[] _bytes;

    /// <summary>Wraps <paramref name="bytes"/>, which the chunk takes over and never changes.</summary>
    /// <exception cref="InvalidDataException">Shorter than the 2-byte header.</exception>
    public XorChunk(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 2) throw new InvalidDataException("chunk: shorter than its 2-byte header");
        _bytes = bytes;
    }

    public int NumSamples => ReadNumSamples(_bytes);

    public ReadOnlySpan<byte> Bytes => _bytes;

    public XorChunkIterator Iterator() => new(_bytes);

    /// <summary>Encodes samples given in increasing timestamp order into a chunk.</summary>
    public static XorChunk Encode(ReadOnlySpan<(long TimestampMs, double Value)> samples)
    {
        if (samples.Length > ushort.MaxValue) throw new ArgumentException("an XOR chunk holds at most 65535 samples", nameof(samples));
        var appender = new XorChunkAppender(16);
        foreach (var (t, v) in samples) appender.Append(t, v);
        return new XorChunk(appender.ToArray());
    }

    /// <summary>The big-endian sample count in the first two bytes.</summary>
    public static int ReadNumSamples(ReadOnlySpan<byte> chunk) =>
        chunk.Length < 2 ? throw new InvalidDataException("chunk: shorter than its 2-byte header") : (chunk[0] << 8) | chunk[1];
}
