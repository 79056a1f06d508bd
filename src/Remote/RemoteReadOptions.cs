namespace MetricsServer.Remote;

/// <summary>The remote read endpoint's bounds (<c>--storage.remote.read-*</c>).</summary>
public sealed record RemoteReadOptions
{
    /// <summary>Most samples one query of a SAMPLES response returns; 0 is no limit. Streamed responses are not limited.</summary>
    public int SampleLimit { get; init; } = 50_000_000;

    /// <summary>Most read requests served at once, others wait; 0 is no limit.</summary>
    public int ConcurrencyLimit { get; init; } = 10;

    /// <summary>Most bytes of chunks and labels in one streamed frame; a single chunk may overshoot it.</summary>
    public int MaxBytesInFrame { get; init; } = 1_048_576;

    /// <summary>Most compressed request bytes read (Prometheus reads at most 32 MiB of a read request).</summary>
    public int MaxRequestBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Samples per XOR chunk in streamed responses, as the TSDB cuts them.</summary>
    public int SamplesPerChunk { get; init; } = 120;
}
