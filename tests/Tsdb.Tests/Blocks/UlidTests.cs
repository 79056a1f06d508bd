using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Tests.Blocks;

public class UlidTests
{
    [Fact]
    public void ToString_KnownParts_IsCrockfordBase32()
    {
        // Time 0x0000_0000_0001 and random bytes 0x00..0x09: 48 + 80 bits, high bits first.
        var ulid = Ulid.FromParts(1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        // Worked out independently: the 128-bit value (1 << 80) | 0x00010203040506070809 in base32, 5 bits a character.
        Assert.Equal("0000000001000G40R40M30E209", ulid.ToString());
        Assert.Equal(1, ulid.TimestampMs);
    }

    [Fact]
    public void ToString_MaxValue_Is7ZZZ()
    {
        var max = Ulid.FromParts((1L << 48) - 1, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        Assert.Equal("7ZZZZZZZZZZZZZZZZZZZZZZZZZ", max.ToString());
    }

    [Fact]
    public void Parse_RoundTripsAndReadsTimestamp()
    {
        var ulid = Ulid.New(1_700_000_000_123);
        var parsed = Ulid.Parse(ulid.ToString());
        Assert.Equal(ulid, parsed);
        Assert.Equal(1_700_000_000_123, parsed.TimestampMs);
        Assert.Equal(ulid, Ulid.Parse(ulid.ToString().ToLowerInvariant()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FA")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAVV")]
    [InlineData("81ARZ3NDEKTSV4RRFFQ69G5FAV")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAU")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FA!")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.False(Ulid.TryParse(text, out _));
    }

    [Fact]
    public void Ordering_LaterTime_SortsAfterAsValueAndAsString()
    {
        var earlier = Ulid.New(1_000);
        var later = Ulid.New(1_001);
        Assert.True(earlier < later);
        Assert.True(string.CompareOrdinal(earlier.ToString(), later.ToString()) < 0);
    }

    [Fact]
    public void New_SameMillisecond_DiffersInRandomPart()
    {
        var a = Ulid.New(5);
        var b = Ulid.New(5);
        Assert.NotEqual(a, b);
        Assert.Equal(a.TimestampMs, b.TimestampMs);
    }

    [Fact]
    public void ToStringOrder_MatchesValueOrder_ForRandomUlids()
    {
        var ulids = new List<Ulid>();
        var random = new Random(3);
        for (var i = 0; i < 200; i++) ulids.Add(Ulid.New(random.NextInt64(0, 1L << 48)));
        var byValue = ulids.OrderBy(u => u).Select(u => u.ToString()).ToList();
        var byText = ulids.Select(u => u.ToString()).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(byValue, byText);
    }
}
