using Microsoft.Extensions.Logging;

namespace MetricsServer.Remote.Write;

/// <summary>Sending with retries, and shard scaling.</summary>
public sealed partial class QueueManager
{
    private readonly ShardCalculator _calculator;
    private volatile int _desiredShards;
    private long _samplesIn;
    private long _samplesOut;
    private long _sendMicroseconds;
    private volatile bool _lastSendFailed;

    /// <summary>
    /// Sends one batch until it succeeds or fails for good: network errors, 5xx and (with <c>retry_on_http_429</c>)
    /// 429 are retried after a backoff that starts at <c>min_backoff</c> and doubles up to <c>max_backoff</c> (a
    /// <c>Retry-After</c> from the server wins); any other status drops the batch and counts it as failed.
    /// </summary>
    internal async Task SendBatchAsync(ReadOnlyMemory<byte> compressed, int samples, long maxTimestampMs, CancellationToken hardStop)
    {
        var queue = Options.Queue;
        var backoff = queue.MinBackoff;
        while (true)
        {
            Metrics.Samples.Inc(samples);
            var started = Clock.GetTimestamp();
            var result = await _client.SendAsync(compressed, hardStop).ConfigureAwait(false);
            var elapsed = Clock.GetElapsedTime(started);
            Metrics.SentBatchDuration.Observe(elapsed.TotalSeconds);
            Interlocked.Add(ref _sendMicroseconds, (long)(elapsed.TotalMilliseconds * 1000));
            if (result.Succeeded)
            {
                _lastSendFailed = false;
                Metrics.Bytes.Inc(compressed.Length);
                Metrics.SamplesPending.Dec(samples);
                Interlocked.Add(ref _samplesOut, samples);
                var seconds = maxTimestampMs / 1000.0;
                if (seconds > Metrics.HighestSentTimestamp.Value) Metrics.HighestSentTimestamp.Set(seconds);
                return;
            }
            if (!result.IsRecoverable(queue.RetryOnHttp429))
            {
                Metrics.SamplesFailed.Inc(samples);
                Metrics.SamplesPending.Dec(samples);
                _logger.LogError("Remote write queue {Name}: non-recoverable error sending {Count} samples, dropped: {Error}", Options.Name, samples, result.Error);
                return;
            }
            _lastSendFailed = true;
            Metrics.SamplesRetried.Inc(samples);
            var wait = result.RetryAfter is { } after && after > TimeSpan.Zero ? after : backoff;
            _logger.LogWarning("Remote write queue {Name}: failed to send batch, retrying in {Wait}: {Error}", Options.Name, wait, result.Error);
            await Task.Delay(wait, Clock, hardStop).ConfigureAwait(false);
            backoff = backoff * 2 > queue.MaxBackoff ? queue.MaxBackoff : backoff * 2;
        }
    }

    private async Task UpdateShardsLoopAsync(CancellationToken stop)
    {
        var interval = Options.ShardUpdateInterval;
        try
        {
            while (true)
            {
                await Task.Delay(interval, Clock, stop).ConfigureAwait(false);
                UpdateDesiredShards(interval);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Folds the last interval into the shard calculation; the WAL reader applies a change before its next batch.</summary>
    internal int UpdateDesiredShards(TimeSpan interval)
    {
        var samplesIn = Interlocked.Exchange(ref _samplesIn, 0);
        var samplesOut = Interlocked.Exchange(ref _samplesOut, 0);
        var sendSeconds = Interlocked.Exchange(ref _sendMicroseconds, 0) / 1e6;
        var desired = _calculator.Update(_shards.Length, samplesIn, samplesOut, sendSeconds, (long)Metrics.SamplesPending.Value, interval, _lastSendFailed);
        Metrics.ShardsDesired.Set(desired);
        if (desired != _shards.Length)
            _logger.LogInformation("Remote write queue {Name}: resharding from {From} to {To} shards", Options.Name, _shards.Length, desired);
        _desiredShards = desired;
        return desired;
    }

    /// <summary>Completes the running shards (they send what they hold, keeping each series in order), then starts <paramref name="count"/> new ones.</summary>
    private async Task ReshardAsync(int count)
    {
        var old = _shards;
        foreach (var s in old) s.Complete();
        foreach (var s in old) await s.Completion.ConfigureAwait(false);
        StartShards(count);
    }

    private void StartShards(int count)
    {
        var shards = new QueueShard[count];
        for (var i = 0; i < count; i++)
        {
            shards[i] = new QueueShard(this, Options.Queue.Capacity);
            shards[i].Start(_stopSending.Token);
        }
        _shards = shards;
        Metrics.Shards.Set(count);
    }
}
