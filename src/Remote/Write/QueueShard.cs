using System.Threading.Channels;
using Snappier;

namespace MetricsServer.Remote.Write;

/// <summary>
/// One sending lane of a queue: a bounded channel of <c>capacity</c> samples and a loop that sends a batch when it
/// holds <c>max_samples_per_send</c> samples, or <c>batch_send_deadline</c> after the batch's first sample, in order.
/// All samples of a series go to the same shard, so a series' samples are sent in WAL order. Completing the shard
/// flushes what it holds.
/// </summary>
internal sealed class QueueShard
{
    private readonly Channel<PendingSample> _queue;
    private readonly QueueManager _owner;
    private readonly WriteRequestBuilder _builder = new();
    private byte[] _compressed = [];

    public QueueShard(QueueManager owner, int capacity)
    {
        _owner = owner;
        _queue = Channel.CreateBounded<PendingSample>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start(CancellationToken hardStop) => Completion = Task.Run(() => RunAsync(hardStop), CancellationToken.None);

    /// <summary>Queues a sample; the task waits while the shard is full.</summary>
    public ValueTask EnqueueAsync(PendingSample sample, CancellationToken cancellationToken) =>
        _queue.Writer.TryWrite(sample) ? default : _queue.Writer.WriteAsync(sample, cancellationToken);

    /// <summary>No more samples: the loop sends what it holds and ends.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task RunAsync(CancellationToken hardStop)
    {
        var reader = _queue.Reader;
        var options = _owner.Options.Queue;
        var max = Math.Max(1, options.MaxSamplesPerSend);
        var clock = _owner.Clock;
        long maxTimestamp = long.MinValue;
        var deadline = DateTimeOffset.MaxValue;
        Task<bool>? waiting = null;
        try
        {
            while (true)
            {
                while (_builder.Count < max && reader.TryRead(out var s))
                {
                    if (_builder.Count == 0) deadline = clock.GetUtcNow() + options.BatchSendDeadline;
                    _builder.Add(s.Labels, s.TimestampMs, s.Value);
                    if (s.TimestampMs > maxTimestamp) maxTimestamp = s.TimestampMs;
                }
                if (_builder.Count >= max)
                {
                    await SendAsync(maxTimestamp, hardStop).ConfigureAwait(false);
                    continue;
                }
                waiting ??= reader.WaitToReadAsync(hardStop).AsTask();
                if (_builder.Count == 0)
                {
                    var more = await waiting.ConfigureAwait(false);
                    waiting = null;
                    if (!more) return;
                    continue;
                }
                var remaining = deadline - clock.GetUtcNow();
                if (remaining > TimeSpan.Zero)
                {
                    using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
                    var delay = Task.Delay(remaining, clock, stopDelay.Token);
                    var first = await Task.WhenAny(waiting, delay).ConfigureAwait(false);
                    await stopDelay.CancelAsync().ConfigureAwait(false);
                    hardStop.ThrowIfCancellationRequested();
                    if (first == waiting)
                    {
                        var more = await waiting.ConfigureAwait(false);
                        waiting = null;
                        if (more) continue;
                    }
                }
                await SendAsync(maxTimestamp, hardStop).ConfigureAwait(false);
                if (waiting is { IsCompleted: true } && !await waiting.ConfigureAwait(false)) return;
            }
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            // Stopped past the flush deadline: what was not sent is still in the WAL for the next start.
        }
        finally
        {
            var dropped = _builder.Count;
            while (reader.TryRead(out _)) dropped++;
            if (dropped > 0) _owner.Metrics.SamplesPending.Dec(dropped);
        }
    }

    private async Task SendAsync(long maxTimestamp, CancellationToken hardStop)
    {
        var length = Snappy.GetMaxCompressedLength(_builder.Length);
        if (_compressed.Length < length) _compressed = new byte[length];
        var written = Snappy.Compress(_builder.Written, _compressed);
        await _owner.SendBatchAsync(_compressed.AsMemory(0, written), _builder.Count, maxTimestamp, hardStop).ConfigureAwait(false);
        _builder.Reset();
    }
}
