using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Compaction;
using MetricsServer.Tsdb.Tests.Blocks;
using static MetricsServer.Tsdb.Tests.Compaction.CompactionTestData;

namespace MetricsServer.Tsdb.Tests.Compaction;

public class RetentionPolicyTests
{
    private static readonly BlockMeta[] Four =
    [
        Meta(0, 2 * Hour, id: 1),
        Meta(2 * Hour, 4 * Hour, id: 2),
        Meta(4 * Hour, 6 * Hour, id: 3),
        Meta(6 * Hour, 8 * Hour, id: 4),
    ];

    [Theory]
    [InlineData(0, 0)]          // disabled
    [InlineData(7, 0)]          // oldest block ends 6h before the newest's end: within 7h
    [InlineData(6, 1)]          // exactly the retention: deleted (≥)
    [InlineData(4, 2)]
    [InlineData(1, 3)]          // the newest block itself is never deleted for time
    public void BeyondTimeRetention_DeletesBlocksEndingAtLeastRetentionBeforeNewestEnd(long hours, int deleted)
    {
        var result = RetentionPolicy.BeyondTimeRetention(Four, hours * Hour);

        Assert.Equal(Four.Take(deleted).Reverse().Select(m => m.Ulid), result.Select(d => d.Ulid));
        Assert.All(result, d => Assert.Equal(RetentionReason.Time, d.Reason));
    }

    [Theory]
    [InlineData(0, 0, 0)]       // disabled
    [InlineData(400, 0, 0)]     // 4 × 100 fits exactly
    [InlineData(399, 0, 1)]
    [InlineData(400, 150, 2)]   // WAL and head chunks count but are never deleted
    [InlineData(100, 50, 4)]    // even the newest block goes when the head alone nearly fills the limit
    public void BeyondSizeRetention_DeletesOldestUntilWithinLimit(long maxBytes, long headBytes, int deleted)
    {
        var sized = Four.Select(m => new BlockSize(m, 100)).ToList();

        var result = RetentionPolicy.BeyondSizeRetention(sized, headBytes, maxBytes);

        Assert.Equal(Four.Take(deleted).Reverse().Select(m => m.Ulid), result.Select(d => d.Ulid));
        Assert.All(result, d => Assert.Equal(RetentionReason.Size, d.Reason));
    }

    [Fact]
    public void Select_TimeFirstThenSizeOverTheRest_EachBlockOnce()
    {
        var sized = Four.Select(m => new BlockSize(m, 100)).ToList();

        // Time removes the oldest; size (250 bytes) then removes the next one of the remaining three.
        var result = RetentionPolicy.Select(sized, retentionMs: 6 * Hour, maxBytes: 250, walAndHeadChunksBytes: 0);

        Assert.Equal(
            [new BlockDeletion(Four[0].Ulid, RetentionReason.Time), new BlockDeletion(Four[1].Ulid, RetentionReason.Size)],
            result);
    }

    [Fact]
    public void DirectorySizeBytes_SumsFilesRecursively()
    {
        using var dir = new TempDataDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "chunks"));
        File.WriteAllBytes(Path.Combine(dir.Path, "chunks", "000001"), new byte[1000]);
        File.WriteAllBytes(Path.Combine(dir.Path, "index"), new byte[234]);

        Assert.Equal(1234, RetentionPolicy.DirectorySizeBytes(dir.Path));
        Assert.Equal(0, RetentionPolicy.DirectorySizeBytes(Path.Combine(dir.Path, "missing")));
    }
}
