using System.IO.Hashing;

namespace MetricsServer.Scraper;

/// <summary>
/// Compares byte-array keys by content, and lets a dictionary keyed by <c>byte[]</c> be probed with a
/// <see cref="ReadOnlySpan{T}"/>, so that a cache lookup on the scrape path needs no copy of the key.
/// </summary>
public sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly ByteKeyComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    private static int Hash(ReadOnlySpan<byte> key) => (int)XxHash3.HashToUInt64(key);
}
