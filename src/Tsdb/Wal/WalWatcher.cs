using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// Tails the WAL the way Prometheus's remote-write watcher does: it reads the newest checkpoint and every segment for
/// series (so that it knows the labels behind each reference), and hands on the samples whose timestamp is after its
/// start time, following the live segment as records are flushed and moving on when the writer cuts a new segment. A
/// torn last record at the live end is "not yet written", not corruption. When a new checkpoint appears (the head was
/// truncated), its series are read and the target may forget older series. When the segment it needs was deleted
/// under it (it fell behind a truncation), it rereads the newest checkpoint and continues at the oldest segment left.
/// One task: <see cref="RunAsync"/> runs until cancelled.
/// </summary>
public sealed class WalWatcher
{
    private readonly string _directory;
    private readonly IWalWatcherTarget _target;
    private readonly long _startTimestampMs;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _pollInterval;
    private readonly ILogger _logger;
    private readonly WalRecordDecoder _decoder = new();
    private readonly List<RefSeries> _series = [];
    private readonly List<RefSample> _samples = [];
    private int _lastCheckpoint = -1;

    /// <param name="walDirectory">The WAL directory (<c>data/wal</c>); it may not exist yet.</param>
    /// <param name="target">Receives series, samples and resets.</param>
    /// <param name="startTimestampMs">Only samples with a later timestamp are handed on.</param>
    /// <param name="clock">For the poll delay.</param>
    /// <param name="pollInterval">How long to wait at the live end before looking for new records.</param>
    /// <param name="logger">Optional.</param>
    public WalWatcher(string walDirectory, IWalWatcherTarget target, long startTimestampMs, TimeProvider clock, TimeSpan pollInterval, ILogger? logger = null)
    {
        _directory = walDirectory;
        _target = target;
        _startTimestampMs = startTimestampMs;
        _clock = clock;
        _pollInterval = pollInterval;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The segment being read, or -1 before the first; for tests and logs.</summary>
    public int CurrentSegment { get; private set; } = -1;

    /// <summary>Follows the WAL until <paramref name="cancellationToken"/> is cancelled; read errors are logged and retried.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await FollowAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is WalCorruptionException or IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(e, "Error reading the WAL for remote write; retrying from the newest checkpoint");
                _lastCheckpoint = -1;
                await DelayAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        while (!Directory.Exists(_directory)) await DelayAsync(cancellationToken).ConfigureAwait(false);
        ReadNewCheckpoint();
        var current = await FirstSegmentAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            CurrentSegment = current;
            using var reader = new WalWatcherSegmentReader(WalFormat.SegmentPath(_directory, current), current);
            while (true)
            {
                await ReadAvailableAsync(reader, cancellationToken).ConfigureAwait(false);
                var next = NextExistingSegment(current);
                if (next >= 0)
                {
                    // The writer closes a segment before it creates the next: what this one holds now is all it will.
                    await ReadAvailableAsync(reader, cancellationToken).ConfigureAwait(false);
                    if (reader.HasPartialRecord) _logger.LogWarning("WAL segment {Segment} ends in a torn record at offset {Offset}", current, reader.Offset);
                    if (next > current + 1)
                    {
                        // Segments were truncated under us: the checkpoint now stands for them.
                        ReadNewCheckpoint();
                        var afterCheckpoint = NextExistingSegment(Math.Max(next, _lastCheckpoint + 1) - 1);
                        if (afterCheckpoint >= 0) next = afterCheckpoint;
                    }
                    current = next;
                    break;
                }
                ReadNewCheckpoint();
                await DelayAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<int> FirstSegmentAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = NextExistingSegment(_lastCheckpoint);
            if (next >= 0) return next;
            await DelayAsync(cancellationToken).ConfigureAwait(false);
            ReadNewCheckpoint();
        }
    }

    private async Task ReadAvailableAsync(WalWatcherSegmentReader reader, CancellationToken cancellationToken)
    {
        while (reader.Next())
        {
            var record = reader.Record;
            switch (WalRecordDecoder.Type(record))
            {
                case WalRecordType.Series:
                    _series.Clear();
                    _decoder.Series(record, _series);
                    _target.StoreSeries(_series, reader.Index);
                    break;
                case WalRecordType.Samples:
                    _samples.Clear();
                    WalRecordDecoder.Samples(record, _samples);
                    DropOlderThanStart();
                    if (_samples.Count > 0) await _target.AppendAsync(_samples, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    break;
            }
        }
    }

    private void DropOlderThanStart()
    {
        var kept = 0;
        for (var i = 0; i < _samples.Count; i++)
        {
            if (_samples[i].T > _startTimestampMs) _samples[kept++] = _samples[i];
        }
        _samples.RemoveRange(kept, _samples.Count - kept);
    }

    /// <summary>Reads the newest checkpoint when it is newer than the last one read, then lets the target forget older series.</summary>
    private void ReadNewCheckpoint()
    {
        if (!WalCheckpoint.TryFindLast(_directory, out var path, out var index) || index <= _lastCheckpoint) return;
        using (var reader = WalReader.Open(path))
        {
            while (reader.Next())
            {
                if (WalRecordDecoder.Type(reader.Record) != WalRecordType.Series) continue;
                _series.Clear();
                _decoder.Series(reader.Record, _series);
                _target.StoreSeries(_series, index);
            }
        }
        _lastCheckpoint = index;
        _target.SeriesReset(index);
    }

    /// <summary>The smallest segment index present above <paramref name="after"/>, or -1.</summary>
    private int NextExistingSegment(int after)
    {
        if (File.Exists(WalFormat.SegmentPath(_directory, after + 1))) return after + 1;
        var best = -1;
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (WalSegments.TryParseIndex(Path.GetFileName(path), out var index) && index > after && (best < 0 || index < best)) best = index;
        }
        return best;
    }

    private Task DelayAsync(CancellationToken cancellationToken) => Task.Delay(_pollInterval, _clock, cancellationToken);
}
