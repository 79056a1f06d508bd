using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace MetricsServer.Web.Tests.Hosting;

/// <summary>Prepares data directories as an earlier server run would have left them, through the real database.</summary>
internal static class TestDataDirectory
{
    /// <summary>
    /// Opens the database on <paramref name="directory"/> once per sample, appends it and closes: each run starts a
    /// new WAL segment, so the WAL ends up with one segment per sample (numbered from 0 on a fresh directory).
    /// </summary>
    public static void WriteInSeparateRuns(string directory, LabelSet labels, params (long T, double V)[] samples)
    {
        foreach (var (t, v) in samples)
        {
            using var db = Db.Open(new DbOptions { Path = directory }, new DbMetrics(Metrics.NewCustomRegistry()), TimeProvider.System, NullLogger.Instance);
            db.ReplayWal();
            var appender = db.Appender();
            var series = SeriesRef.None;
            Assert.Equal(AppendResult.Ok, appender.Append(ref series, labels, t, v));
            appender.Commit();
        }
    }
}
