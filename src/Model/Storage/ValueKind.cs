namespace MetricsServer.Model.Storage;

/// <summary>What an iterator is positioned on; <see cref="None"/> means exhausted.</summary>
public enum ValueKind
{
    None,
    Float,
    Histogram,
}
