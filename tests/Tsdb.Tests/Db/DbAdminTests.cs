using MetricsServer.TestSupport;
using System.Diagnostics;
using System.Text.RegularExpressions;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Tests.Blocks;

namespace MetricsServer.Tsdb.Tests.Db;

/// <summary>Delete series, clean tombstones and snapshots on a whole database (the admin API's operations).</summary>
public sealed partial class DbAdminTests : IDisposable
{
    private const long Hour = 3_600_000;
    private const long Step = 60_000;
    private const int SeriesCount = 4;

    private readonly TempDataDirectory _dir = new();
    private readonly DbFixture _fixture;

    public DbAdminTests() => _fixture = new DbFixture(_dir.Path);

    public void Dispose() => _dir.Dispose();

    /// <summary>Two hours of samples: the first hour is cut into a block, the second stays in the head.</summary>
    private MetricsServer.Tsdb.Db OpenWithBlockAndHead()
    {
        var db = _fixture.Open();
        DbFixture.Ingest(db, SeriesCount, 0, 2 * Hour, Step);
        db.Compact();
        Assert.Single(db.Blocks);
        Assert.Equal((0, Hour), (db.Blocks[0].MinTimeMs, db.Blocks[0].MaxTimeMs));
        return db;
    }

    private static Matcher[] SeriesMatcher(int i) => [Matcher.Equal("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>What <see cref="DbFixture.Ingest"/> wrote, less the deleted [min, max] of series <paramref name="deletedSeries"/>.</summary>
    private static void AssertHoldsExcept(IQueryableStorage db, int deletedSeries, long min, long max, long end = 2 * Hour)
    {
        var all = DbFixture.ReadAll(db);
        Assert.Equal(SeriesCount, all.Count);
        foreach (var (labels, samples) in all)
        {
            var i = int.Parse(labels.Get("i"), System.Globalization.CultureInfo.InvariantCulture);
            var expected = new List<(long, double)>();
            for (var t = 0L; t < end; t += Step)
            {
                if (i == deletedSeries && t >= min && t <= max) continue;
                expected.Add((t, DbFixture.Value(i, t)));
            }
            Assert.Equal(expected, samples);
        }
    }

    [Fact]
    public void Delete_InHead_HidesTheSamplesAndSurvivesARestart()
    {
        using (var db = _fixture.Open())
        {
            DbFixture.Ingest(db, SeriesCount, 0, 2 * Hour, Step);
            db.Delete(10 * Step, 20 * Step, SeriesMatcher(1));
            AssertHoldsExcept(db, 1, 10 * Step, 20 * Step);
            Assert.Equal(1, db.Head.Tombstones.Count);
        }
        using var reopened = _fixture.Open();
        AssertHoldsExcept(reopened, 1, 10 * Step, 20 * Step);
        Assert.Equal([(10 * Step, 20 * Step)], reopened.Head.Tombstones.Get(reopened.Head.GetByRef(2)!.Ref)!);
    }

    [Fact]
    public void Delete_InHead_ClampsTheIntervalToTheSeriesSpan()
    {
        using var db = _fixture.Open();
        DbFixture.Ingest(db, SeriesCount, 0, 10 * Step, Step);
        db.Delete(long.MinValue, long.MaxValue, SeriesMatcher(2));

        var series = DbFixture.ReadAll(db);
        Assert.Equal(SeriesCount - 1, series.Count);
        Assert.DoesNotContain(series, s => s.Labels.Get("i") == "2");
        var head = db.Head;
        var deleted = Enumerable.Range(1, SeriesCount).Select(r => head.Tombstones.Get((ulong)r)).Single(d => d is not null);
        Assert.Equal([(0L, 9 * Step)], deleted!);
    }

    [Fact]
    public void Delete_AfterACutBlockAndTheHead_DeletesInBothAndSurvivesARestart()
    {
        using (var db = OpenWithBlockAndHead())
        {
            // The range spans the block's end and the head's start.
            db.Delete(Hour - (5 * Step), Hour + (5 * Step), SeriesMatcher(3));
            AssertHoldsExcept(db, 3, Hour - (5 * Step), Hour + (5 * Step));
            Assert.Equal(1, db.Blocks[0].NumTombstones);
        }
        using var reopened = _fixture.Open();
        AssertHoldsExcept(reopened, 3, Hour - (5 * Step), Hour + (5 * Step));
        Assert.True(File.Exists(Path.Combine(_dir.Path, reopened.Blocks[0].Ulid.ToString(), Tombstones.FileName)));
    }

    [Fact]
    public void Delete_SeveralSelectors_DeletesTheUnionOfTheirSeries()
    {
        using var db = OpenWithBlockAndHead();
        db.Delete(long.MinValue, long.MaxValue, [SeriesMatcher(0), SeriesMatcher(1)]);

        // Series with every sample deleted are not selected at all, in the block as in the head.
        var left = DbFixture.ReadAll(db).Select(s => s.Labels.Get("i"));
        Assert.Equal(["2", "3"], left);
    }

    [Fact]
    public void Delete_MatchingNothing_ChangesNothing()
    {
        using var db = OpenWithBlockAndHead();
        db.Delete(long.MinValue, long.MaxValue, Matcher.Equal("i", "nope"));

        AssertHoldsExcept(db, -1, 0, 0);
        Assert.Equal(0, db.Blocks[0].NumTombstones);
        Assert.Equal(0, db.Head.Tombstones.Count);
    }

    [Fact]
    public void Delete_InHead_IsLeftOutOfTheBlockTheHeadIsLaterCutInto()
    {
        using (var db = _fixture.Open())
        {
            DbFixture.Ingest(db, SeriesCount, 0, Hour, Step);
            db.Delete(5 * Step, 6 * Step, SeriesMatcher(0));
            DbFixture.Ingest(db, SeriesCount, Hour, 2 * Hour, Step);
            db.Compact();
            Assert.Single(db.Blocks);
            AssertHoldsExcept(db, 0, 5 * Step, 6 * Step);
        }
        using var reopened = _fixture.Open();
        AssertHoldsExcept(reopened, 0, 5 * Step, 6 * Step);
    }

    [Fact]
    public void CleanTombstones_RewritesTheBlockAndDeletesTheOldDirectory()
    {
        using var db = OpenWithBlockAndHead();
        var old = db.Blocks[0];
        db.Delete(0, 10 * Step, SeriesMatcher(2));

        db.CleanTombstones();

        var cleaned = Assert.Single(db.Blocks);
        Assert.NotEqual(old.Ulid, cleaned.Ulid);
        Assert.Equal(0, cleaned.NumTombstones);
        Assert.Equal(old.NumSamples - 11, cleaned.NumSamples);
        Assert.Equal([old.Ulid], cleaned.Parents.Select(p => p.Ulid));
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, old.Ulid.ToString())));
        Assert.Empty(Directory.EnumerateDirectories(_dir.Path, "*" + MetricsServer.Tsdb.Db.DeletionSuffix));
        AssertHoldsExcept(db, 2, 0, 10 * Step);
    }

    [Fact]
    public void CleanTombstones_WithoutTombstones_LeavesBlocksAlone()
    {
        using var db = OpenWithBlockAndHead();
        var before = db.Blocks[0].Ulid;

        db.CleanTombstones();

        Assert.Equal(before, Assert.Single(db.Blocks).Ulid);
    }

    [Fact]
    public void CleanTombstones_BlockWithEverySampleDeleted_IsDeletedWithoutReplacement()
    {
        using var db = OpenWithBlockAndHead();
        var old = db.Blocks[0];
        db.Delete(0, Hour - 1, Matcher.Equal("__name__", "m"));

        db.CleanTombstones();

        Assert.Empty(db.Blocks);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, old.Ulid.ToString())));
        var all = DbFixture.ReadAll(db);
        Assert.All(all, s => Assert.Equal(Hour, s.Samples[0].T));
    }

    [Fact]
    public void CleanTombstones_WhileAQuerierReadsTheOldBlock_DeletesItWhenTheQuerierIsDisposed()
    {
        using var db = OpenWithBlockAndHead();
        var oldDir = Path.Combine(_dir.Path, db.Blocks[0].Ulid.ToString());
        db.Delete(0, 10 * Step, SeriesMatcher(1));
        var querier = db.Querier(0, Hour - 1);

        db.CleanTombstones();

        Assert.True(Directory.Exists(oldDir));
        var read = HeadFixture.Select(querier, true, Matcher.Equal("__name__", "m"));
        Assert.Equal(SeriesCount, read.Count);
        Assert.Equal(60 - 11, read[1].Samples.Count);
        querier.Dispose();
        Assert.False(Directory.Exists(oldDir));
        AssertHoldsExcept(db, 1, 0, 10 * Step);
    }

    [Fact]
    public void CleanTombstones_AfterARestart_OldBlockStaysDeleted()
    {
        using (var db = OpenWithBlockAndHead())
        {
            db.Delete(0, 10 * Step, SeriesMatcher(1));
            db.CleanTombstones();
        }
        using var reopened = _fixture.Open();
        Assert.Single(reopened.Blocks);
        Assert.Single(Directory.EnumerateDirectories(_dir.Path), d => Ulid.TryParse(Path.GetFileName(d), out _));
        AssertHoldsExcept(reopened, 1, 0, 10 * Step);
    }

    [Fact]
    public void CreateSnapshot_NamesTheDirectoryAfterTheTimeAndARandomSuffix()
    {
        using var db = OpenWithBlockAndHead();
        _fixture.Clock.SetUtcNow(new DateTimeOffset(2017, 12, 10, 21, 12, 24, TimeSpan.Zero));

        var first = db.CreateSnapshot(withHead: false);
        var second = db.CreateSnapshot(withHead: false);

        Assert.Matches(SnapshotName(), first);
        Assert.StartsWith("20171210T211224Z-", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.True(Directory.Exists(Path.Combine(_dir.Path, MetricsServer.Tsdb.Db.SnapshotsDirectoryName, first)));
    }

    [Fact]
    public void Snapshot_HardLinksEveryBlockFileAndWritesTheHeadAsABlock()
    {
        using var db = OpenWithBlockAndHead();
        var block = db.Blocks[0];
        var name = db.CreateSnapshot(withHead: true);
        var snapshot = Path.Combine(_dir.Path, MetricsServer.Tsdb.Db.SnapshotsDirectoryName, name);

        var source = Path.Combine(_dir.Path, block.Ulid.ToString());
        var copy = Path.Combine(snapshot, block.Ulid.ToString());
        var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(source, f)).Order().ToList();
        Assert.Contains("index", files);
        Assert.Contains(Path.Combine("chunks", "000001"), files);
        Assert.Equal(files, Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(copy, f)).Order());
        foreach (var f in files) Assert.Equal(Inode(Path.Combine(source, f)), Inode(Path.Combine(copy, f)));

        var blocks = Directory.EnumerateDirectories(snapshot).Select(d => BlockMeta.Parse(File.ReadAllBytes(Path.Combine(d, BlockMeta.FileName)), d)).OrderBy(m => m.MinTimeMs).ToList();
        Assert.Equal(2, blocks.Count);
        Assert.Equal((Hour, 2 * Hour - Step + 1), (blocks[1].MinTimeMs, blocks[1].MaxTimeMs));
        Assert.Equal(SeriesCount * 60, blocks[1].NumSamples);

        // The snapshot is a data directory holding everything.
        using var fromSnapshot = new DbFixture(snapshot).Open();
        DbFixture.AssertHolds(fromSnapshot, SeriesCount, 0, 2 * Hour, Step);
    }

    [Fact]
    public void Snapshot_WithoutHead_HoldsOnlyTheBlocks()
    {
        using var db = OpenWithBlockAndHead();
        var snapshot = Path.Combine(_dir.Path, "elsewhere");

        db.Snapshot(snapshot, withHead: false);

        Assert.Equal([db.Blocks[0].Ulid.ToString()], Directory.EnumerateDirectories(snapshot).Select(Path.GetFileName));
        using var fromSnapshot = new DbFixture(snapshot).Open();
        DbFixture.AssertHolds(fromSnapshot, SeriesCount, 0, Hour, Step);
    }

    [Fact]
    public void Snapshot_KeepsTheTombstonesItWasTakenWith()
    {
        using var db = OpenWithBlockAndHead();
        db.Delete(30 * Step, Hour + (30 * Step), SeriesMatcher(0));
        var snapshot = Path.Combine(_dir.Path, "snap");

        db.Snapshot(snapshot, withHead: true);
        // Cleaning later replaces the block; the snapshot's linked files stay as they were.
        db.CleanTombstones();

        using var fromSnapshot = new DbFixture(snapshot).Open();
        AssertHoldsExcept(fromSnapshot, 0, 30 * Step, Hour + (30 * Step));
        var linked = Assert.Single(fromSnapshot.Blocks, b => b.MaxTimeMs == Hour);
        Assert.Equal(1, linked.NumTombstones);
    }

    [Fact]
    public void Snapshot_OfAnEmptyDatabase_IsAnEmptyDirectory()
    {
        using var db = _fixture.Open();
        var snapshot = Path.Combine(_dir.Path, "snap");

        db.Snapshot(snapshot, withHead: true);

        Assert.Empty(Directory.EnumerateFileSystemEntries(snapshot));
    }

    [Fact]
    public void Snapshot_PromtoolReadsExactlyTheIngestedSamples()
    {
        using var db = OpenWithBlockAndHead();
        var name = db.CreateSnapshot(withHead: true);
        var snapshot = Path.Combine(_dir.Path, MetricsServer.Tsdb.Db.SnapshotsDirectoryName, name);

        var dump = Promtool.Dump(snapshot);

        Assert.Equal(SeriesCount, dump.Count);
        for (var i = 0; i < SeriesCount; i++)
        {
            var expected = new List<(long, double)>();
            for (var t = 0L; t < 2 * Hour; t += Step) expected.Add((t, DbFixture.Value(i, t)));
            Assert.Equal(expected, dump[$"{{__name__=\"m\", i=\"{i}\"}}"]);
        }
    }

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{16}$")]
    private static partial Regex SnapshotName();

    private static string Inode(string path)
    {
        var psi = new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var inode = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return inode;
    }
}
