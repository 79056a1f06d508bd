using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Wal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace MetricsServer.Tsdb.Tests.Db;

/// <summary>Opens databases in a test directory with small blocks and segments, and reads them back.</summary>
internal sealed class DbFixture(string path)
{
    public static readonly TimeSpan BlockRange = TimeSpan.FromHours(1);

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(0));

    public RecordingLogger Logger { get; } = new();

    public CollectorRegistry Registry { get; private set; } = Metrics.NewCustomRegistry();

    public DbOptions Options { get; set; } = new()
    {
        Path = path,
        MinBlockDuration = BlockRange,
        MaxBlockDuration = BlockRange * 9,
        WalSegmentSize = 2 * WalFormat.PageSize,
    };

    /// <summary>Opens the database and replays its WAL, as the server does at start.</summary>
    public MetricsServer.Tsdb.Db Open()
    {
        Registry = Metrics.NewCustomRegistry();
        var db = MetricsServer.Tsdb.Db.Open(Options, new DbMetrics(Registry), Clock, Logger);
        db.ReplayWal();
        return db;
    }

    public static LabelSet Series(int i) => LabelSet.FromStrings("__name__", "m", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Appends samples t = start, start+step, ... to <paramref name="seriesCount"/> series, one commit per timestamp; value = series + t.</summary>
    public static void Ingest(IAppendable db, int seriesCount, long start, long end, long step)
    {
        var refs = new SeriesRef[seriesCount];
        for (var t = start; t < end; t += step)
        {
            var app = db.Appender();
            for (var i = 0; i < seriesCount; i++) Assert.Equal(AppendResult.Ok, app.Append(ref refs[i], Series(i), t, Value(i, t)));
            app.Commit();
        }
    }

    public static double Value(int series, long t) => (series * 1e6) + (t / 1000.0);

    /// <summary>Every series and sample over all time, sorted.</summary>
    public static List<(LabelSet Labels, List<(long T, double V)> Samples)> ReadAll(IQueryableStorage db)
    {
        using var q = db.Querier(long.MinValue, long.MaxValue);
        return HeadFixture.Select(q, true, Matcher.Equal("__name__", "m"));
    }

    /// <summary>Asserts that series 0..count-1 hold exactly the samples <see cref="Ingest"/> wrote.</summary>
    public static void AssertHolds(IQueryableStorage db, int seriesCount, long start, long end, long step)
    {
        var all = ReadAll(db);
        Assert.Equal(seriesCount, all.Count);
        foreach (var (labels, samples) in all)
        {
            var i = int.Parse(labels.Get("i"), System.Globalization.CultureInfo.InvariantCulture);
            var expected = new List<(long, double)>();
            for (var t = start; t < end; t += step) expected.Add((t, Value(i, t)));
            Assert.Equal(expected, samples);
        }
    }
}

/// <summary>Keeps log lines for assertions.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return [.. _lines];
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines) _lines.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
