using MetricsServer.Rules.Evaluation;

namespace MetricsServer.Rules.Notifier;

/// <summary>
/// The bounded queue of alerts waiting to be sent. When full, the oldest alerts make room for the newest: a newer
/// state of an alert is worth more than an older one. Thread-safe.
/// </summary>
internal sealed class AlertQueue(int capacity)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<NotifierAlert> _alerts = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "the notification queue capacity must be positive");

    public int Count
    {
        get
        {
            lock (_lock) return _alerts.Count;
        }
    }

    /// <summary>Appends <paramref name="alerts"/> in order; returns how many alerts (queued or new) were dropped to stay within capacity.</summary>
    public int Enqueue(IReadOnlyList<NotifierAlert> alerts)
    {
        lock (_lock)
        {
            var dropped = 0;
            // Of a list longer than the queue only its newest alerts can stay.
            var first = Math.Max(0, alerts.Count - Capacity);
            dropped += first;
            for (var i = first; i < alerts.Count; i++)
            {
                if (_alerts.Count == Capacity)
                {
                    _alerts.RemoveFirst();
                    dropped++;
                }
                _alerts.AddLast(alerts[i]);
            }
            return dropped;
        }
    }

    /// <summary>Takes up to <paramref name="max"/> of the oldest alerts; empty when nothing waits.</summary>
    public List<NotifierAlert> TakeBatch(int max)
    {
        lock (_lock)
        {
            var batch = new List<NotifierAlert>(Math.Min(max, _alerts.Count));
            while (batch.Count < max && _alerts.First is { } node)
            {
                batch.Add(node.Value);
                _alerts.RemoveFirst();
            }
            return batch;
        }
    }
}
