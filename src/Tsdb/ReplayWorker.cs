using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Runtime.CompilerServices;
using MetricsServer.Tsdb.HeadChunks;

namespace MetricsServer.Tsdb;

/// <summary>
/// One shard of a parallel WAL replay: appends the samples of the series it owns, in the order they were handed
/// over, on a thread-pool task. Batches travel through a bounded channel, so the reader cannot run far ahead; an
/// idle worker waits without spinning, which on a small machine would take the reading thread's core.
/// </summary>
internal sealed class ReplayWorker : IDisposable
{
    private readonly Channel<PendingSample[]> _queue = Channel.CreateBounded<PendingSample[]>(
        new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentBag<PendingSample[]> _free = [];
    private readonly HeadOptions _options;
    private readonly int _batchSize;
    private readonly Task _task;
    private PendingSample[] _current;
    private bool _completed;
    private int _count;

    private readonly HeadChunkDiskMapper? _disk;

    private readonly bool _inline;

    /// <param name="inline">Apply batches on the calling thread instead of a task of its own.</param>
    public ReplayWorker(HeadOptions options, int batchSize, HeadChunkDiskMapper? disk, bool inline = false)
    {
        _disk = disk;
        _inline = inline;
        _options = options;
        _batchSize = batchSize;
        _current = new PendingSample[batchSize];
        _task = inline ? Task.CompletedTask : Task.Run(RunAsync);
    }

    public long Samples { get; private set; }
    public long ChunksCreated { get; private set; }
    public long MinT { get; private set; } = long.MaxValue;
    public long MaxT { get; private set; } = long.MinValue;

    /// <summary>Queues a sample (reading thread only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(PendingSample sample)
    {
        _current[_count++] = sample;
        if (_count == _batchSize) Hand();
    }

    /// <summary>Hands over what is left and waits until everything is appended (reading thread only).</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        if (_count > 0) Hand();
        _queue.Writer.Complete();
        _task.GetAwaiter().GetResult();
    }

    public void Dispose() => Complete();

    private void Hand()
    {
        // A zero-filled tail marks the end of a short batch.
        if (_count < _batchSize) Array.Clear(_current, _count, _batchSize - _count);
        if (_inline)
        {
            Apply(_current);
            _current = _free.TryTake(out var again) ? again : new PendingSample[_batchSize];
            _count = 0;
            return;
        }
        // Waiting for room blocks the reading thread, which is what bounds the memory of a replay.
        if (!_queue.Writer.TryWrite(_current)) _queue.Writer.WriteAsync(_current).AsTask().GetAwaiter().GetResult();
        _current = _free.TryTake(out var reused) ? reused : new PendingSample[_batchSize];
        _count = 0;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var batch)) Apply(batch);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Apply(PendingSample[] batch)
    {
        long samples = 0, chunks = 0, minT = MinT, maxT = MaxT;
        foreach (var p in batch)
        {
            if (p.Series is not { } series) break;
            lock (series)
            {
                if (p.T <= series.LastT && series.HasSamples) continue;
                chunks += series.AppendCommitted(p.T, p.V, BitConverter.DoubleToUInt64Bits(p.V), _options, _disk);
            }
            samples++;
            if (p.T < minT) minT = p.T;
            if (p.T > maxT) maxT = p.T;
        }
        _free.Add(batch);
        Samples += samples;
        ChunksCreated += chunks;
        MinT = minT;
        MaxT = maxT;
    }
}
