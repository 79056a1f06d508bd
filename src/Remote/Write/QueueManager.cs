using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Relabel;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Remote.Write;

/// <summary>
/// The sender of one <c>remote_write</c> entry. It follows the WAL through an <see cref="IWalSource"/> from the
/// moment it starts (samples already in the WAL are not sent, as in Prometheus), keeps each series' labels (external
/// labels added, then <c>write_relabel_configs</c> applied, then encoded once), and spreads samples over shards by
/// series reference. Shards hold at most <c>capacity</c> samples each; when they are full the WAL reader waits, so
/// an absent remote costs no memory and loses nothing the WAL still holds. Start once, stop once.
/// </summary>
public sealed partial class QueueManager : IWalSink, IAsyncDisposable
{
    private readonly IWalSource _wal;
    private readonly RemoteWriteClient _client;
    private readonly ILogger _logger;
    private readonly Dictionary<SeriesRef, SeriesEntry> _series = [];
    private readonly LabelSetBuilder _labels = new();
    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _stopSending = new();
    private QueueShard[] _shards = [];
    private Task _reading = Task.CompletedTask;
    private Task _sharding = Task.CompletedTask;
    private int _started;

    public QueueManager(QueueManagerOptions options, HttpClient http, IWalSource wal, QueueMetrics metrics, TimeProvider clock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _wal = wal;
        Metrics = metrics;
        Clock = clock;
        _logger = logger;
        _client = new RemoteWriteClient(http, options.Url, options.RemoteTimeout, options.Headers);
        _calculator = new ShardCalculator(options.Queue.MinShards, options.Queue.MaxShards);
        _desiredShards = Math.Clamp(options.Queue.MinShards, 1, Math.Max(1, options.Queue.MaxShards));
    }

    public QueueManagerOptions Options { get; }

    internal QueueMetrics Metrics { get; }

    internal TimeProvider Clock { get; }

    /// <summary>Shards running now.</summary>
    public int Shards => _shards.Length;

    /// <summary>Starts the shards and the WAL reader, sending samples with a timestamp after <paramref name="startTimestampMs"/>.</summary>
    public void Start(long startTimestampMs)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("the queue was started already");
        Metrics.ShardsMin.Set(Options.Queue.MinShards);
        Metrics.ShardsMax.Set(Options.Queue.MaxShards);
        Metrics.ShardCapacity.Set(Options.Queue.Capacity);
        StartShards(_desiredShards);
        Metrics.ShardsDesired.Set(_desiredShards);
        _reading = Task.Run(() => _wal.FollowAsync(this, startTimestampMs, _stopReading.Token), CancellationToken.None);
        _sharding = Task.Run(() => UpdateShardsLoopAsync(_stopReading.Token), CancellationToken.None);
        _logger.LogInformation("Starting remote write queue {Name} to {Url} with {Shards} shards", Options.Name, Options.Url, _shards.Length);
    }

    /// <summary>
    /// Stops reading the WAL, lets the shards send what they hold for up to the flush deadline, then cancels the rest
    /// (it stays in the WAL) and removes the queue's metrics.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stopReading.CancelAsync().ConfigureAwait(false);
        await Ignore(_reading).ConfigureAwait(false);
        await Ignore(_sharding).ConfigureAwait(false);
        var shards = _shards;
        foreach (var s in shards) s.Complete();
        var all = Task.WhenAll(shards.Select(s => s.Completion));
        try
        {
            await all.WaitAsync(Options.FlushDeadline, Clock).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Remote write queue {Name}: samples not sent within the flush deadline of {Deadline} stay unsent", Options.Name, Options.FlushDeadline);
            await _stopSending.CancelAsync().ConfigureAwait(false);
            await Ignore(all).ConfigureAwait(false);
        }
        Metrics.Remove();
        _stopReading.Dispose();
        _stopSending.Dispose();
    }

    public void StoreSeries(SeriesRef series, LabelSet labels, int segment)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _labels.Reset(labels);
        foreach (var l in Options.ExternalLabels)
        {
            if (!_labels.Has(l.Name)) _labels.Set(l.Name, l.Value);
        }
        var kept = Relabeler.Process(_labels, Options.WriteRelabel);
        var encoded = kept && _labels.Count > 0 ? WriteRequestBuilder.EncodeLabels(_labels.ToLabelSet()) : null;
        if (_series.TryGetValue(series, out var entry))
        {
            entry.Labels = encoded;
            entry.Segment = segment;
        }
        else
        {
            _series[series] = new SeriesEntry { Labels = encoded, Segment = segment };
        }
    }

    public void SeriesReset(int segment)
    {
        List<SeriesRef>? gone = null;
        foreach (var (r, e) in _series)
        {
            if (e.Segment < segment) (gone ??= []).Add(r);
        }
        if (gone is null) return;
        foreach (var r in gone) _series.Remove(r);
    }

    public async ValueTask AppendAsync(ReadOnlyMemory<WalSample> samples, CancellationToken cancellationToken)
    {
        if (_desiredShards != _shards.Length) await ReshardAsync(_desiredShards).ConfigureAwait(false);
        long droppedSeries = 0, droppedUnknown = 0, queued = 0;
        var highest = long.MinValue;
        var shards = _shards;
        try
        {
            for (var i = 0; i < samples.Length; i++)
            {
                var s = samples.Span[i];
                if (!_series.TryGetValue(s.Ref, out var entry))
                {
                    droppedUnknown++;
                    continue;
                }
                if (entry.Labels is not { } labels)
                {
                    droppedSeries++;
                    continue;
                }
                if (s.TimestampMs > highest) highest = s.TimestampMs;
                Metrics.SamplesPending.Inc();
                queued++;
                var shard = shards[(int)(s.Ref.Value % (ulong)shards.Length)];
                var pending = shard.EnqueueAsync(new PendingSample(labels, s.TimestampMs, s.Value), cancellationToken);
                if (!pending.IsCompletedSuccessfully) await pending.ConfigureAwait(false);
            }
        }
        finally
        {
            if (droppedSeries > 0) Metrics.DroppedSeries.Inc(droppedSeries);
            if (droppedUnknown > 0) Metrics.DroppedUnknown.Inc(droppedUnknown);
            Interlocked.Add(ref _samplesIn, queued);
            if (highest != long.MinValue)
            {
                var seconds = highest / 1000.0;
                if (seconds > Metrics.QueueHighestTimestamp.Value) Metrics.QueueHighestTimestamp.Set(seconds);
                if (seconds > Metrics.HighestTimestamp.Value) Metrics.HighestTimestamp.Set(seconds);
            }
        }
    }

    private static async Task Ignore(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class SeriesEntry
    {
        public byte[]? Labels;
        public int Segment;
    }
}
