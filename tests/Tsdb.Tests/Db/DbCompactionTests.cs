using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Tests.Blocks;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb.Tests.Db;

public sealed class DbCompactionTests : IDisposable
{
    private const long Hour = 3_600_000;
    private const long Step = 60_000;
    private readonly TempDataDirectory _dir = new();
    private readonly DbFixture _fixture;

    public DbCompactionTests() => _fixture = new DbFixture(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_head_is_cut_into_a_block_once_it_spans_one_and_a_half_ranges()
    {
        using var db = _fixture.Open();
        DbFixture.Ingest(db, 5, 0, 90 * 60_000, Step);
        db.Compact();
        Assert.Empty(db.Blocks);

        DbFixture.Ingest(db, 5, 90 * 60_000, 2 * Hour, Step);
        db.Compact();
        var block = Assert.Single(db.Blocks);
        Assert.Equal((0, Hour), (block.MinTimeMs, block.MaxTimeMs));
        Assert.Equal(5, block.NumSeries);
        Assert.Equal(5 * 60, block.NumSamples);
        Assert.Equal(Hour, db.Head.MinValidTime);
        // Every sample exactly once, whether it now lives in the block or in the head.
        DbFixture.AssertHolds(db, 5, 0, 2 * Hour, Step);
    }

    [Fact]
    public void Samples_older_than_the_newest_block_are_rejected_as_out_of_bounds()
    {
        using var db = _fixture.Open();
        DbFixture.Ingest(db, 1, 0, 2 * Hour, Step);
        db.Compact();
        var app = db.Appender();
        var r = SeriesRef.None;
        Assert.Equal(AppendResult.OutOfBounds, app.Append(ref r, DbFixture.Series(9), Hour - 1, 1));
        app.Rollback();
    }

    [Fact]
    public void After_compaction_and_a_restart_every_sample_is_there_exactly_once()
    {
        using (var db = _fixture.Open())
        {
            DbFixture.Ingest(db, 20, 0, 5 * Hour, Step);
            db.Compact();
            Assert.NotEmpty(db.Blocks);
            DbFixture.Ingest(db, 20, 5 * Hour, 6 * Hour, Step);
        }
        using var reopened = _fixture.Open();
        DbFixture.AssertHolds(reopened, 20, 0, 6 * Hour, Step);
    }

    [Fact]
    public void Head_truncation_replaces_old_segments_with_a_checkpoint()
    {
        var wal = Path.Combine(_dir.Path, "wal");
        using (var db = _fixture.Open())
        {
            DbFixture.Ingest(db, 300, 0, 3 * Hour, Step);
            var before = WalSegments.Range(wal);
            db.Compact();
            var after = WalSegments.Range(wal);
            Assert.True(WalCheckpoint.TryFindLast(wal, out _, out var checkpoint));
            Assert.Equal(checkpoint + 1, after.First);
            Assert.True(after.First > before.First);
        }
        using var reopened = _fixture.Open();
        DbFixture.AssertHolds(reopened, 300, 0, 3 * Hour, Step);
    }

    [Fact]
    public void Blocks_are_compacted_into_larger_ranges_by_level()
    {
        using var db = _fixture.Open();
        DbFixture.Ingest(db, 10, 0, 8 * Hour, Step);
        db.Compact();
        var blocks = db.Blocks;
        // Head blocks [0,1h) ... [6h,7h) exist; [0,3h) and [3h,6h) are complete 3h ranges and get merged; the newest block stays.
        Assert.Contains(blocks, b => b.MinTimeMs == 0 && b.MaxTimeMs == 3 * Hour && b.CompactionLevel == 2);
        Assert.Contains(blocks, b => b.MinTimeMs == 3 * Hour && b.MaxTimeMs == 6 * Hour && b.CompactionLevel == 2);
        Assert.Contains(blocks, b => b.MinTimeMs == 6 * Hour && b.MaxTimeMs == 7 * Hour && b.CompactionLevel == 1);
        // The merged blocks' parents are gone from disk.
        var dirs = Directory.GetDirectories(_dir.Path).Select(Path.GetFileName).Where(n => n!.Length == 26).ToList();
        Assert.Equal(blocks.Count, dirs.Count);
        DbFixture.AssertHolds(db, 10, 0, 8 * Hour, Step);
    }

    [Fact]
    public void Time_retention_deletes_whole_old_blocks_and_nothing_newer()
    {
        _fixture.Options = _fixture.Options with { RetentionTime = TimeSpan.FromHours(3), MaxBlockDuration = DbFixture.BlockRange };
        using var db = _fixture.Open();
        DbFixture.Ingest(db, 3, 0, 8 * Hour, Step);
        db.Compact();
        // Newest block ends at 7h: blocks ending at or before 4h are beyond 3h of retention.
        var blocks = db.Blocks;
        Assert.Equal(4 * Hour, blocks.Min(b => b.MinTimeMs));
        Assert.Equal(3, blocks.Count);
        using var q = db.Querier(0, 4 * Hour - 1);
        Assert.Empty(HeadFixture.Select(q, true, MetricsServer.Model.Labels.Matcher.Equal("__name__", "m")));
        DbFixture.AssertHolds(db, 3, 4 * Hour, 8 * Hour, Step);
        Assert.True(Counter("prometheus_tsdb_time_retentions_total") >= 1);
    }

    [Fact]
    public void Size_retention_deletes_the_oldest_blocks_first()
    {
        _fixture.Options = _fixture.Options with { MaxBlockDuration = DbFixture.BlockRange };
        using (var db = _fixture.Open())
        {
            DbFixture.Ingest(db, 3, 0, 8 * Hour, Step);
            db.Compact();
            Assert.Equal(7, db.Blocks.Count);
        }
        // Size retention counts the WAL and the head chunk files too.
        var walBytes = MetricsServer.Tsdb.Compaction.RetentionPolicy.DirectorySizeBytes(Path.Combine(_dir.Path, "wal"))
            + MetricsServer.Tsdb.Compaction.RetentionPolicy.DirectorySizeBytes(Path.Combine(_dir.Path, "chunks_head"));
        var blockBytes = Directory.GetDirectories(_dir.Path).Where(d => Path.GetFileName(d).Length == 26)
            .Select(MetricsServer.Tsdb.Compaction.RetentionPolicy.DirectorySizeBytes).Max();
        // Room for the WAL and about two and a half blocks.
        _fixture.Options = _fixture.Options with { RetentionSize = walBytes + (blockBytes * 5 / 2) };
        using var reopened = _fixture.Open();
        reopened.Compact();
        var blocks = reopened.Blocks;
        Assert.InRange(blocks.Count, 1, 3);
        Assert.Equal(7 * Hour, blocks.Max(b => b.MaxTimeMs));
        Assert.True(Counter("prometheus_tsdb_size_retentions_total") >= 1);
    }

    private double Counter(string name)
    {
        using var stream = new MemoryStream();
        _fixture.Registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        var line = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void One_iterator_reused_across_series_of_different_blocks_reads_each_from_its_own_block()
    {
        _fixture.Options = _fixture.Options with { MaxBlockDuration = DbFixture.BlockRange };
        using var db = _fixture.Open();
        var a = MetricsServer.Model.Labels.LabelSet.FromStrings("__name__", "m", "s", "a");
        var b = MetricsServer.Model.Labels.LabelSet.FromStrings("__name__", "m", "s", "b");
        var app = db.Appender();
        SeriesRef ra = default, rb = default;
        for (var t = 0L; t < Hour; t += Step) app.Append(ref ra, a, t, 1);
        for (var t = Hour; t < 4 * Hour; t += Step) app.Append(ref rb, b, t, 2);
        app.Commit();
        db.Compact();
        Assert.True(db.Blocks.Count >= 2);

        using var q = db.Querier(0, Hour + Step);
        var set = q.Select(true, null, MetricsServer.Model.Labels.Matcher.Equal("__name__", "m"));
        ISampleIterator? it = null;
        var read = new List<(string, int, double)>();
        while (set.MoveNext())
        {
            it = set.Current.Iterator(it);
            var n = 0;
            var sum = 0.0;
            while (it.Next() == ValueKind.Float)
            {
                n++;
                sum += it.At().Value;
            }
            Assert.Null(it.Error);
            read.Add((set.Current.Labels.Get("s"), n, sum));
        }
        Assert.Equal([("a", 60, 60.0), ("b", 2, 4.0)], read);
    }
}
