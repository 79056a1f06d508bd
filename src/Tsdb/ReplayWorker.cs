using System.Collections.Concurrent;
using MetricsServer.Tsdb.HeadChunks;

namespace MetricsServer.Tsdb;

/// <summary>
/// One shard of a parallel WAL replay: appends the samples of the series it owns, in the order they were handed
/// over, on its own thread. Batches travel through a bounded queue, so the reader cannot run far ahead of it.
/// </summary>
internal sealed class ReplayWorker : IDisposable
{
    private readonly BlockingCollection<PendingSample[]> _queue = new(boundedCapacity: 8);
    private readonly ConcurrentBag<PendingSample[]> _free = [];
    private readonly int _samplesPerChunk;
    private readonly int _batchSize;
    private readonly Thread _thread;
    private PendingSample[] _current;
    private int _count;

    private readonly HeadChunkDiskMapper? _disk;

    public ReplayWorker(int samplesPerChunk, int batchSize, HeadChunkDiskMapper? disk)
    {
        _disk = disk;
        _samplesPerChunk = samplesPerChunk;
        _batchSize = batchSize;
        _current = new PendingSample[batchSize];
        _thread = new Thread(Run) { IsBackground = true, Name = "wal-replay" };
        _thread.Start();
    }

    public long Samples { get; private set; }
    public long ChunksCreated { get; private set; }
    public long MinT { get; private set; } = long.MaxValue;
    public long MaxT { get; private set; } = long.MinValue;

    /// <summary>Queues a sample (reading thread only).</summary>
    public void Add(PendingSample sample)
    {
        _current[_count++] = sample;
        if (_count == _batchSize) Hand();
    }

    /// <summary>Hands over what is left and waits until everything is appended (reading thread only).</summary>
    public void Complete()
    {
        if (_queue.IsAddingCompleted) return;
        if (_count > 0) Hand();
        _queue.CompleteAdding();
        _thread.Join();
    }

    public void Dispose()
    {
        Complete();
        _queue.Dispose();
    }

    private void Hand()
    {
        // A zero-filled tail marks the end of a short batch.
        if (_count < _batchSize) Array.Clear(_current, _count, _batchSize - _count);
        _queue.Add(_current);
        _current = _free.TryTake(out var reused) ? reused : new PendingSample[_batchSize];
        _count = 0;
    }

    private void Run()
    {
        long samples = 0, chunks = 0, minT = long.MaxValue, maxT = long.MinValue;
        foreach (var batch in _queue.GetConsumingEnumerable())
        {
            foreach (var p in batch)
            {
                if (p.Series is not { } series) break;
                lock (series)
                {
                    if (p.T <= series.LastT && series.HasSamples) continue;
                    chunks += series.AppendCommitted(p.T, p.V, BitConverter.DoubleToUInt64Bits(p.V), _samplesPerChunk, _disk);
                }
                samples++;
                if (p.T < minT) minT = p.T;
                if (p.T > maxT) maxT = p.T;
            }
            _free.Add(batch);
        }
        Samples = samples;
        ChunksCreated = chunks;
        MinT = minT;
        MaxT = maxT;
    }
}
