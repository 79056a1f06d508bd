using MetricsServer.Model.Labels;
using MetricsServer.Tsdb;
using MetricsServer.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace MetricsServer.Web.Tests.Hosting;

public sealed class StorageServiceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ms-storage-").FullName;

    [Fact]
    public async Task ServerStop_ClosesTheDatabase_LockReleasedAndAppendsInTheWal()
    {
        var data = Path.Combine(_dir, "data");
        var labels = LabelSet.FromStrings("__name__", "kept_metric");
        var server = await TestServer.StartOnAsync("scrape_configs: []\n", data, replayBarrier: null);
        await server.WaitUntilReadyAsync();
        var appender = server.Db.Appender();
        var series = Model.Storage.SeriesRef.None;
        appender.Append(ref series, labels, 1_000, 42);
        appender.Commit();

        await server.DisposeAsync();

        // The lock went with the server, and what it appended replays.
        using var db = Db.Open(new DbOptions { Path = data }, new DbMetrics(Metrics.NewCustomRegistry()), TimeProvider.System, NullLogger.Instance);
        var stats = db.ReplayWal();
        Assert.Equal(1, stats.Samples);
    }

    [Fact]
    public async Task ReplayFailure_StopsTheServer_WithTheFailureKept()
    {
        var data = Path.Combine(_dir, "data");
        // A checkpoint stands for segments that are gone, so a corrupt one cannot be cut away: the replay fails.
        var checkpoint = Directory.CreateDirectory(Path.Combine(data, Db.WalDirectoryName, "checkpoint.00000003")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(checkpoint, "00000000"), Enumerable.Repeat((byte)0xFF, 4096).ToArray());

        await using var server = await TestServer.StartOnAsync("scrape_configs: []\n", data, replayBarrier: null);
        var storage = server.Services.GetRequiredService<StorageService>();
        var lifetime = server.Services.GetRequiredService<IHostApplicationLifetime>();

        await Assert.ThrowsAnyAsync<Exception>(() => storage.Replayed.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.NotNull(storage.Failure);
        Assert.Contains("checkpoint", storage.Failure.Message, StringComparison.Ordinal);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStopping.Register(() => stopping.TrySetResult())) await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(server.Readiness.IsReady);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
