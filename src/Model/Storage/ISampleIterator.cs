using MetricsServer.Model.Metadata;

namespace MetricsServer.Model.Storage;

/// <summary>
/// Iterates one series' samples in increasing timestamp order. Not thread-safe. Starts before the first sample.
/// </summary>
public interface ISampleIterator
{
    /// <summary>Advances to the next sample and says what it is; <see cref="ValueKind.None"/> at the end.</summary>
    ValueKind Next();

    /// <summary>Advances to the first sample at or after <paramref name="timestampMs"/>; never moves backwards.</summary>
    ValueKind Seek(long timestampMs);

    /// <summary>The current float sample.</summary>
    (long TimestampMs, double Value) At();

    /// <summary>The current histogram sample.</summary>
    (long TimestampMs, NativeHistogram Histogram) AtHistogram();

    /// <summary>The current sample's timestamp, whatever its kind.</summary>
    long AtTimestamp();

    /// <summary>Set when iteration stopped because of a failure (for example a corrupt chunk).</summary>
    Exception? Error { get; }
}
