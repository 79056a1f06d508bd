namespace MetricsServer.Remote.Write;

/// <summary>
/// Decides how many shards a queue wants, every <see cref="UpdateInterval"/>, from exponentially weighted rates
/// (weight 0.2 per update) in the spirit of Prometheus's calculation:
/// <c>desired = secondsPerSample × (inRate + pending / 100 s)</c>, where <c>secondsPerSample</c> is the time a
/// shard spends sending per sample (send seconds summed over shards ÷ samples sent). So the shards keep up with what
/// comes in and drain a backlog in about 100 seconds. The answer moves only when it leaves ±30 % of the current
/// count (to avoid flapping), is clamped to [min, max], and stays put while sends fail (more shards would only
/// press a remote that is already down) or before anything was sent.
/// </summary>
public sealed class ShardCalculator
{
    public static readonly TimeSpan UpdateInterval = TimeSpan.FromSeconds(10);

    private const double Weight = 0.2;
    private const double BacklogDrainSeconds = 100;
    private const double Tolerance = 0.3;

    private readonly int _min;
    private readonly int _max;
    private double _inRate = double.NaN;
    private double _outRate = double.NaN;
    private double _sendSecondsRate = double.NaN;

    public ShardCalculator(int minShards, int maxShards)
    {
        _min = Math.Max(1, minShards);
        _max = Math.Max(_min, maxShards);
    }

    /// <summary>
    /// Folds in one interval's counts and returns the desired shard count.
    /// </summary>
    /// <param name="current">Shards running now.</param>
    /// <param name="samplesIn">Samples queued during the interval.</param>
    /// <param name="samplesOut">Samples sent successfully during the interval.</param>
    /// <param name="sendSeconds">Seconds spent in send calls during the interval, summed over shards.</param>
    /// <param name="pending">Samples queued and not yet sent.</param>
    /// <param name="interval">The interval's length.</param>
    /// <param name="sendsFailing">True when the last send failed.</param>
    public int Update(int current, long samplesIn, long samplesOut, double sendSeconds, long pending, TimeSpan interval, bool sendsFailing)
    {
        var seconds = interval.TotalSeconds;
        if (seconds <= 0) return Clamp(current);
        _inRate = Fold(_inRate, samplesIn / seconds);
        _outRate = Fold(_outRate, samplesOut / seconds);
        _sendSecondsRate = Fold(_sendSecondsRate, sendSeconds / seconds);
        if (sendsFailing || _outRate <= 0) return Clamp(current);
        var secondsPerSample = _sendSecondsRate / _outRate;
        var desired = secondsPerSample * (_inRate + (pending / BacklogDrainSeconds));
        if (desired >= current * (1 - Tolerance) && desired <= current * (1 + Tolerance)) return Clamp(current);
        return Clamp((int)Math.Min(int.MaxValue, Math.Ceiling(desired)));
    }

    private int Clamp(int shards) => Math.Clamp(shards, _min, _max);

    private static double Fold(double average, double value) => double.IsNaN(average) ? value : (Weight * value) + ((1 - Weight) * average);
}
