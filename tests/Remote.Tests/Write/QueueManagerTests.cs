using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Relabel;
using MetricsServer.Remote.Write;
using MetricsServer.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace MetricsServer.Remote.Tests.Write;

public sealed class QueueManagerTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly FakeReceiver _receiver = new();
    private readonly FakeWalSource _wal = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    private readonly RemoteWriteMetrics _metrics = new(Metrics.NewCustomRegistry());

    private QueueManager Queue(QueueConfig queue, RelabelRules? relabel = null, LabelSet? external = null, Dictionary<string, string>? headers = null) =>
        new(new QueueManagerOptions
        {
            Name = "test",
            Url = new Uri("http://remote.invalid/api/v1/write"),
            Queue = queue,
            WriteRelabel = relabel ?? RelabelRules.Empty,
            ExternalLabels = external ?? LabelSet.Empty,
            Headers = headers ?? [],
            ShardUpdateInterval = TimeSpan.FromDays(1),
            FlushDeadline = TimeSpan.FromSeconds(1),
        }, _receiver.Client(), _wal, _metrics.ForQueue("test", "http://remote.invalid/api/v1/write"), _clock, NullLogger.Instance);

    public void Dispose() => _receiver.Dispose();

    private Task Received(int samples) => Eventually.TrueAsync(() => _receiver.Series.Count() >= samples, Wait, $"{samples} samples received");

    [Fact]
    public async Task FullBatch_IsSentAtOnce_WithRemoteWriteHeaders()
    {
        await using var queue = Queue(new QueueConfig { MaxSamplesPerSend = 3, MaxShards = 1 }, headers: new() { ["X-Scope-OrgID"] = "tenant" });
        queue.Start(0);
        var sink = await _wal.Sink;
        FakeWalSource.Series(sink, 1, "__name__", "up", "job", "a");
        await FakeWalSource.Samples(sink, (1, 1000, 1), (1, 2000, 2), (1, 3000, 3));
        await Received(3);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("snappy", Assert.Single(request.Content!.Headers.ContentEncoding));
        Assert.Equal("application/x-protobuf", request.Content.Headers.ContentType!.MediaType);
        Assert.Equal("0.1.0", Assert.Single(request.Headers.GetValues("X-Prometheus-Remote-Write-Version")));
        Assert.Equal("tenant", Assert.Single(request.Headers.GetValues("X-Scope-OrgID")));
        Assert.NotEmpty(request.Headers.UserAgent);
        Assert.Equal([1000L, 2000, 3000], _receiver.Series.Select(s => Assert.Single(s.Samples).Timestamp));
        Assert.Equal(3, _metrics.Samples.WithLabels("test", "http://remote.invalid/api/v1/write").Value);
        Assert.Equal(3, _metrics.HighestSentTimestamp.WithLabels("test", "http://remote.invalid/api/v1/write").Value);
    }

    [Fact]
    public async Task PartialBatch_IsSentWhenTheBatchDeadlinePasses()
    {
        await using var queue = Queue(new QueueConfig { MaxSamplesPerSend = 100, MaxShards = 1, BatchSendDeadline = TimeSpan.FromSeconds(5) });
        queue.Start(0);
        var sink = await _wal.Sink;
        FakeWalSource.Series(sink, 1, "__name__", "up");
        await FakeWalSource.Samples(sink, (1, 1000, 1), (1, 2000, 2));
        Assert.Empty(_receiver.Accepted);
        await Eventually.TrueAsync(() =>
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            return _receiver.Series.Count() == 2;
        }, Wait, "the partial batch is sent after the deadline");
        Assert.Single(_receiver.Accepted);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedWithBackoff_UntilDelivered()
    {
        _receiver.Script.Enqueue(500);
        _receiver.Script.Enqueue(503);
        await using var queue = Queue(new QueueConfig { MaxSamplesPerSend = 2, MaxShards = 1, MinBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(2) });
        queue.Start(0);
        var sink = await _wal.Sink;
        FakeWalSource.Series(sink, 7, "__name__", "x");
        await FakeWalSource.Samples(sink, (7, 1, 1), (7, 2, 2));
        await Eventually.TrueAsync(() => Volatile.Read(ref _receiver.Attempts) == 1, Wait, "first attempt");
        await Eventually.TrueAsync(() =>
        {
            _clock.Advance(TimeSpan.FromMilliseconds(500));
            return _receiver.Series.Count() == 2;
        }, Wait, "delivered after retries");
        Assert.Equal(3, _receiver.Attempts);
        Assert.Equal(4, _metrics.SamplesRetried.WithLabels("test", "http://remote.invalid/api/v1/write").Value);
        Assert.Equal(0, _metrics.SamplesFailed.WithLabels("test", "http://remote.invalid/api/v1/write").Value);
    }

    [Theory]
    [InlineData(400, true)]
    [InlineData(429, false)]
    public async Task NonRecoverableStatus_DropsTheBatch_AndCountsItFailed(int status, bool retryOn429)
    {
        _receiver.Script.Enqueue(status);
        await using var queue = Queue(new QueueConfig { MaxSamplesPerSend = 2, MaxShards = 1, RetryOnHttp429 = retryOn429 });
        queue.Start(0);
        var sink = await _wal.Sink;
        FakeWalSource.Series(sink, 1, "__name__", "x");
        await FakeWalSource.Samples(sink, (1, 1, 1), (1, 2, 2), (1, 3, 3), (1, 4, 4));
        await Received(2);
        Assert.Equal([3L, 4], _receiver.Series.Select(s => s.Samples[0].Timestamp));
        Assert.Equal(2, _metrics.SamplesFailed.WithLabels("test", "http://remote.invalid/api/v1/write").Value);
        Assert.Equal(2, Volatile.Read(ref _receiver.Attempts));
    }

    [Fact]
    public async Task ExternalLabels_AreAdded_SeriesLabelsWin_ThenWriteRelabelApplies()
    {
        var relabel = RelabelRules.Compile([new RelabelConfig { SourceLabels = ["__name__"], Regex = "drop_me", Action = RelabelAction.Drop }]);
        await using var queue = Queue(new QueueConfig { MaxSamplesPerSend = 2, MaxShards = 1 }, relabel, LabelSet.FromStrings("cluster", "eu", "replica", "r1"));
        queue.Start(0);
        var sink = await _wal.Sink;
        FakeWalSource.Series(sink, 1, "__name__", "kept", "replica", "own");
        FakeWalSource.Series(sink, 2, "__name__", "drop_me");
        await FakeWalSource.Samples(sink, (2, 1, 1), (1, 1, 1), (3, 1, 1), (1, 2, 2));
        await Received(2);
        var labels = _receiver.Series.First().Labels.Select(l => (l.Name, l.Value)).ToArray();
        Assert.Equal([("__name__", "kept"), ("cluster", "eu"), ("replica", "own")], labels);
        Assert.Equal(1, _metrics.SamplesDropped.WithLabels("test", "http://remote.invalid/api/v1/write", "dropped_series").Value);
        Assert.Equal(1, _metrics.SamplesDropped.WithLabels("test", "http://remote.invalid/api/v1/write", "unintentionally_dropped_series").Value);
    }

    [Fact]
    public async Task RemoteDown_HoldsBackTheWalReader_AndLosesNothingOnceBack()
    {
        for (var i = 0; i < 5; i++) _receiver.Script.Enqueue(503);
        await using var queue = Queue(new QueueConfig { Capacity = 2, MaxSamplesPerSend = 2, MaxShards = 1, MinBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(1) });
        queue.Start(0);
        var sink = await _wal.Sink;
        FakeWalSource.Series(sink, 1, "__name__", "x");
        var append = FakeWalSource.Samples(sink, [.. Enumerable.Range(1, 20).Select(i => (1UL, (long)i, (double)i))]).AsTask();
        await Eventually.TrueAsync(() => Volatile.Read(ref _receiver.Attempts) >= 1, Wait, "first attempt");
        Assert.False(append.IsCompleted, "the reader must wait while the shard is full");
        Assert.True(_metrics.SamplesPending.WithLabels("test", "http://remote.invalid/api/v1/write").Value <= 5);
        await Eventually.TrueAsync(() =>
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            return _receiver.Series.Count() == 20;
        }, Wait, "all samples delivered once the remote is back");
        await append;
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), _receiver.Series.Select(s => s.Samples[0].Timestamp));
    }

    [Fact]
    public async Task Shards_SpreadSeries_AndKeepEachSeriesInOrder()
    {
        await using var queue = Queue(new QueueConfig { MinShards = 4, MaxShards = 4, MaxSamplesPerSend = 5 });
        queue.Start(0);
        Assert.Equal(4, queue.Shards);
        var sink = await _wal.Sink;
        for (ulong r = 1; r <= 8; r++) FakeWalSource.Series(sink, r, "__name__", "s" + r);
        var samples = new List<(ulong, long, double)>();
        for (var t = 1; t <= 10; t++)
        {
            for (ulong r = 1; r <= 8; r++) samples.Add((r, t, t));
        }
        await FakeWalSource.Samples(sink, [.. samples]);
        await Received(80);
        foreach (var group in _receiver.Series.GroupBy(s => s.Labels[0].Value))
        {
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), group.Select(s => s.Samples[0].Timestamp));
        }
        Assert.Equal(4, _metrics.Shards.WithLabels("test", "http://remote.invalid/api/v1/write").Value);
    }
}
