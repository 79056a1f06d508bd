using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Tests.Blocks;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Tsdb.Tests.Db;

public sealed class DbWalTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();
    private readonly DbFixture _fixture;

    public DbWalTests() => _fixture = new DbFixture(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Committed_samples_come_back_after_a_restart()
    {
        using (var db = _fixture.Open())
        {
            DbFixture.Ingest(db, 50, 0, 600_000, 15_000);
        }
        using var reopened = _fixture.Open();
        DbFixture.AssertHolds(reopened, 50, 0, 600_000, 15_000);
        Assert.Equal(50, reopened.Head.NumSeries);
    }

    [Fact]
    public void Rolled_back_samples_do_not_come_back_but_their_series_do()
    {
        using (var db = _fixture.Open())
        {
            DbFixture.Ingest(db, 1, 0, 30_000, 15_000);
            var app = db.Appender();
            var r = SeriesRef.None;
            app.Append(ref r, DbFixture.Series(7), 60_000, 1);
            app.Rollback();
        }
        using var reopened = _fixture.Open();
        DbFixture.AssertHolds(reopened, 1, 0, 30_000, 15_000);
        Assert.Equal(2, reopened.Head.NumSeries);
    }

    [Fact]
    public void Series_refs_survive_a_restart_and_new_series_get_new_refs()
    {
        SeriesRef first = default;
        using (var db = _fixture.Open())
        {
            var app = db.Appender();
            app.Append(ref first, DbFixture.Series(1), 1000, 1);
            app.Commit();
        }
        using var reopened = _fixture.Open();
        var app2 = reopened.Appender();
        var again = SeriesRef.None;
        app2.Append(ref again, DbFixture.Series(1), 2000, 2);
        var other = SeriesRef.None;
        app2.Append(ref other, DbFixture.Series(2), 2000, 2);
        app2.Commit();
        Assert.Equal(first, again);
        Assert.True(other.Value > first.Value);
    }

    [Fact]
    public void Metadata_comes_back_after_a_restart()
    {
        var metadata = new MetricMetadata(MetricType.Counter, "Requests served.", "requests");
        SeriesRef r = default;
        using (var db = _fixture.Open())
        {
            var app = db.Appender();
            app.Append(ref r, DbFixture.Series(1), 1000, 1);
            app.UpdateMetadata(ref r, DbFixture.Series(1), metadata);
            app.Commit();
        }
        using var reopened = _fixture.Open();
        Assert.Equal(metadata, reopened.Head.GetMetadata(r));
    }

    [Fact]
    public void A_torn_last_segment_is_cut_at_the_last_good_record_and_the_rest_kept()
    {
        using (var db = _fixture.Open())
        {
            DbFixture.Ingest(db, 20, 0, 300_000, 15_000);
        }
        // Cut the newest non-empty segment in the middle of its last record.
        var last = WalSegments.List(Path.Combine(_dir.Path, "wal")).Last(s => new FileInfo(s.Path).Length > 0);
        long recordStart = 0, recordEnd = 0;
        using (var reader = new WalReader([last]))
        {
            while (reader.Next())
            {
                recordStart = reader.RecordOffset;
                recordEnd = reader.EndOffset;
            }
        }
        using (var f = new FileStream(last.Path, FileMode.Open)) f.SetLength((recordStart + recordEnd) / 2);

        using var reopened = _fixture.Open();
        var all = DbFixture.ReadAll(reopened);
        Assert.Equal(20, all.Count);
        // Every series keeps a prefix of its samples, in order; the torn commit (the last timestamp) is gone.
        foreach (var (labels, samples) in all)
        {
            Assert.NotEmpty(samples);
            Assert.True(samples.Count <= 19, $"{labels}: {samples.Count} samples");
            for (var k = 0; k < samples.Count; k++) Assert.Equal(k * 15_000L, samples[k].T);
        }
        Assert.Contains(_fixture.Logger.Lines, l => l.Contains("WAL repaired", StringComparison.Ordinal) && l.Contains("bytes", StringComparison.Ordinal));
        // The server writes on after the repair, and that survives the next restart too.
        var app = reopened.Appender();
        var r = SeriesRef.None;
        app.Append(ref r, DbFixture.Series(99), 1_000_000, 5);
        app.Commit();
        reopened.Dispose();
        using var third = _fixture.Open();
        Assert.Equal(21, DbFixture.ReadAll(third).Count);
    }

    [Fact]
    public void Replay_reports_its_progress_as_done()
    {
        using (var db = _fixture.Open())
        {
            DbFixture.Ingest(db, 10, 0, 150_000, 15_000);
        }
        using var reopened = _fixture.Open();
        var (min, max, current, state) = reopened.ReplayStatus.Read();
        Assert.Equal(WalReplayState.Done, state);
        Assert.True(min >= 0 && max >= min && current == max, $"{min} {max} {current}");
    }

    [Fact]
    public void Appending_before_the_replay_is_an_error()
    {
        using var db = MetricsServer.Tsdb.Db.Open(_fixture.Options, new DbMetrics(Prometheus.Metrics.NewCustomRegistry()), _fixture.Clock, _fixture.Logger);
        Assert.Throws<InvalidOperationException>(() => db.Appender());
    }

    [Fact]
    public void A_second_database_on_the_same_directory_is_refused_with_a_clear_message()
    {
        using var db = _fixture.Open();
        var e = Assert.Throws<IOException>(() => MetricsServer.Tsdb.Db.Open(_fixture.Options, new DbMetrics(Prometheus.Metrics.NewCustomRegistry()), _fixture.Clock, _fixture.Logger));
        Assert.Contains("lock DB directory", e.Message, StringComparison.Ordinal);
        Assert.Contains(_dir.Path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lock_is_released_on_dispose()
    {
        _fixture.Open().Dispose();
        using var again = _fixture.Open();
        Assert.True(File.Exists(Path.Combine(_dir.Path, "lock")));
    }

    [Fact]
    public void Labels_matchers_and_values_read_through_the_database()
    {
        using var db = _fixture.Open();
        DbFixture.Ingest(db, 3, 0, 30_000, 15_000);
        using var q = db.Querier(0, 30_000);
        Assert.Equal(["0", "1", "2"], q.LabelValues("i"));
        Assert.Equal(["__name__", "i"], q.LabelNames());
        Assert.Single(HeadFixture.Select(q, true, Matcher.Equal("i", "1")));
    }
}
