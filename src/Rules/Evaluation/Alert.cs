using MetricsServer.Model.Labels;

namespace MetricsServer.Rules.Evaluation;

/// <summary>
/// One alert of an alerting rule: one label set its expression returned. Mutated only by its rule's evaluation,
/// under the rule's lock; readers get copies (<see cref="Clone"/>).
/// </summary>
public sealed class Alert
{
    public required LabelSet Labels { get; init; }
    public IReadOnlyDictionary<string, string> Annotations { get; set; } = new Dictionary<string, string>();
    public AlertState State { get; set; }
    public double Value { get; set; }

    /// <summary>When the condition first held (the start of <c>for</c>).</summary>
    public DateTimeOffset ActiveAt { get; set; }

    public DateTimeOffset? FiredAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? LastSentAt { get; set; }
    public DateTimeOffset? ValidUntil { get; set; }

    /// <summary>Since when a firing alert has been kept firing by <c>keep_firing_for</c> without its condition.</summary>
    public DateTimeOffset? KeepFiringSince { get; set; }

    public Alert Clone() => (Alert)MemberwiseClone();

    internal bool NeedsSending(DateTimeOffset ts, TimeSpan resendDelay)
    {
        if (State == AlertState.Pending) return false;
        // A resolved alert not yet sent as resolved must go out now.
        if (ResolvedAt is { } resolved && (LastSentAt is not { } sent || resolved > sent)) return true;
        return LastSentAt is not { } last || last + resendDelay <= ts;
    }
}
