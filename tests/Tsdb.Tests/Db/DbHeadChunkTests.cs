using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.HeadChunks;
using MetricsServer.Tsdb.Tests.Blocks;

namespace MetricsServer.Tsdb.Tests.Db;

public sealed class DbHeadChunkTests : IDisposable
{
    private const long Step = 15_000;
    private readonly TempDataDirectory _dir = new();
    private readonly DbFixture _fixture;

    public DbHeadChunkTests() => _fixture = new DbFixture(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private static MemSeries Series(MetricsServer.Tsdb.Db db, int i)
    {
        var app = db.Appender();
        var r = SeriesRef.None;
        app.Append(ref r, DbFixture.Series(i), long.MinValue / 2, 0);
        app.Rollback();
        return db.Head.GetByRef(r.Value)!;
    }

    [Fact]
    public void Full_chunks_leave_the_heap_for_the_head_chunk_files()
    {
        using var db = _fixture.Open();
        DbFixture.Ingest(db, 10, 0, 300 * Step, Step);
        var s = Series(db, 3);
        Assert.Equal(2, s.ChunkCount);
        Assert.All(s.Chunks.Take(s.ChunkCount), c => Assert.Null(c.Data));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_dir.Path, HeadChunkFormat.DirectoryName)));
        DbFixture.AssertHolds(db, 10, 0, 300 * Step, Step);
    }

    [Fact]
    public void A_restart_takes_the_sealed_chunks_from_the_files_and_only_the_rest_from_the_wal()
    {
        ulong firstRef;
        using (var db = _fixture.Open())
        {
            DbFixture.Ingest(db, 10, 0, 300 * Step, Step);
            firstRef = Series(db, 3).Chunks[0].DiskRef;
        }
        using var reopened = _fixture.Open();
        var s = Series(reopened, 3);
        Assert.True(s.ChunkCount >= 2);
        Assert.Equal(firstRef, s.Chunks[0].DiskRef);
        Assert.Null(s.Chunks[0].Data);
        DbFixture.AssertHolds(reopened, 10, 0, 300 * Step, Step);
        // Appends go on where the data left off; a duplicate of the last sample is accepted, a changed one is not.
        var app = reopened.Appender();
        var r = SeriesRef.None;
        Assert.Equal(AppendResult.Ok, app.Append(ref r, DbFixture.Series(3), 299 * Step, DbFixture.Value(3, 299 * Step)));
        Assert.Equal(AppendResult.Duplicate, app.Append(ref r, DbFixture.Series(3), 299 * Step, -1));
        app.Rollback();
    }

    [Fact]
    public void A_corrupt_head_chunk_file_is_dropped_and_the_wal_restores_everything()
    {
        using (var db = _fixture.Open())
        {
            DbFixture.Ingest(db, 10, 0, 300 * Step, Step);
        }
        var file = Directory.GetFiles(Path.Combine(_dir.Path, HeadChunkFormat.DirectoryName)).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(file);
        bytes[HeadChunkFormat.FileHeaderSize + 40] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        using var reopened = _fixture.Open();
        DbFixture.AssertHolds(reopened, 10, 0, 300 * Step, Step);
        // The newest file is cut at its last good chunk by the repair at open; what it lost comes from the WAL.
        Assert.Contains(_fixture.Logger.Lines, l => l.Contains("Head chunk files repaired", StringComparison.Ordinal));
    }

    [Fact]
    public void Compaction_reads_sealed_chunks_from_the_files()
    {
        using var db = _fixture.Open();
        DbFixture.Ingest(db, 5, 0, 2 * 3_600_000, 60_000);
        db.Compact();
        Assert.Single(db.Blocks);
        Assert.Equal(5 * 60, db.Blocks[0].NumSamples);
        DbFixture.AssertHolds(db, 5, 0, 2 * 3_600_000, 60_000);
    }
}
