using System.Security.Cryptography;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// A ULID, the name of a block directory: a 48-bit Unix time in milliseconds followed by 80 random bits, written as
/// 26 Crockford base32 characters (0-9, A-Z without I, L, O, U). Big-endian bytes, so ULIDs sort by time both as
/// values and as strings. Immutable.
/// </summary>
public readonly struct Ulid : IEquatable<Ulid>, IComparable<Ulid>
{
    /// <summary>Length of the text form.</summary>
    public const int Length = 26;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private static readonly sbyte[] Decoding = BuildDecoding();

    // 128 bits as two big-endian halves: _hi holds the timestamp (48 bits) and the first 16 random bits.
    private readonly ulong _hi;
    private readonly ulong _lo;

    private Ulid(ulong hi, ulong lo)
    {
        _hi = hi;
        _lo = lo;
    }

    /// <summary>The creation time in Unix milliseconds.</summary>
    public long TimestampMs => (long)(_hi >> 16);

    /// <summary>A new ULID for <paramref name="timestampMs"/> with 80 bits from the cryptographic random source.</summary>
    public static Ulid New(long timestampMs)
    {
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        return FromParts(timestampMs, random);
    }

    /// <summary>A ULID from its time and its 10 random bytes (tests use fixed bytes).</summary>
    public static Ulid FromParts(long timestampMs, ReadOnlySpan<byte> random)
    {
        if (timestampMs < 0 || timestampMs >= 1L << 48) throw new ArgumentOutOfRangeException(nameof(timestampMs), "a ULID time has 48 bits");
        if (random.Length != 10) throw new ArgumentException("a ULID has 10 random bytes", nameof(random));
        var hi = ((ulong)timestampMs << 16) | ((ulong)random[0] << 8) | random[1];
        ulong lo = 0;
        for (var i = 2; i < 10; i++) lo = (lo << 8) | random[i];
        return new Ulid(hi, lo);
    }

    /// <summary>Parses the 26-character form, case-insensitively; false on anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ulid ulid)
    {
        ulid = default;
        if (text.Length != Length) return false;
        // The first character carries only 3 bits (128 = 26 * 5 - 2), so it is at most '7'.
        ulong hi = 0, lo = 0;
        for (var i = 0; i < Length; i++)
        {
            var c = text[i];
            var v = c < 128 ? Decoding[c] : (sbyte)-1;
            if (v < 0 || (i == 0 && v > 7)) return false;
            // Shift the 128-bit value left by 5 and add v.
            hi = (hi << 5) | (lo >> 59);
            lo = (lo << 5) | (byte)v;
        }
        ulid = new Ulid(hi, lo);
        return true;
    }

    /// <summary>Parses the 26-character form.</summary>
    /// <exception cref="FormatException">Not a ULID.</exception>
    public static Ulid Parse(string text) =>
        TryParse(text, out var u) ? u : throw new FormatException($"'{text}' is not a ULID (26 Crockford base32 characters)");

    public override string ToString()
    {
        return string.Create(Length, this, static (chars, u) =>
        {
            var hi = u._hi;
            var lo = u._lo;
            for (var i = Length - 1; i >= 0; i--)
            {
                chars[i] = Alphabet[(int)(lo & 31)];
                lo = (lo >> 5) | (hi << 59);
                hi >>= 5;
            }
        });
    }

    public bool Equals(Ulid other) => _hi == other._hi && _lo == other._lo;

    public override bool Equals(object? obj) => obj is Ulid other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_hi, _lo);

    public int CompareTo(Ulid other) => _hi != other._hi ? _hi.CompareTo(other._hi) : _lo.CompareTo(other._lo);

    public static bool operator ==(Ulid left, Ulid right) => left.Equals(right);

    public static bool operator !=(Ulid left, Ulid right) => !left.Equals(right);

    public static bool operator <(Ulid left, Ulid right) => left.CompareTo(right) < 0;

    public static bool operator >(Ulid left, Ulid right) => left.CompareTo(right) > 0;

    public static bool operator <=(Ulid left, Ulid right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Ulid left, Ulid right) => left.CompareTo(right) >= 0;

    private static sbyte[] BuildDecoding()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            table[Alphabet[i]] = (sbyte)i;
            table[char.ToLowerInvariant(Alphabet[i])] = (sbyte)i;
        }
        return table;
    }
}
