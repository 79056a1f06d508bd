namespace MetricsServer.Model.Storage;

/// <summary>The outcome of appending one sample; per-sample outcomes are values, not exceptions.</summary>
public enum AppendResult
{
    Ok,
    /// <summary>The timestamp is older than the series' newest sample.</summary>
    OutOfOrder,
    /// <summary>The timestamp is outside the window the storage accepts (too old for the head).</summary>
    OutOfBounds,
    /// <summary>Older than the out-of-order window allows.</summary>
    TooOld,
    /// <summary>Same timestamp as the newest sample but a different value.</summary>
    Duplicate,
    /// <summary>The labels are invalid (empty, duplicate names) or the ref is unknown.</summary>
    InvalidSeries,
    /// <summary>The storage does not take this kind of value yet (for example a native histogram).</summary>
    Unsupported,
}
