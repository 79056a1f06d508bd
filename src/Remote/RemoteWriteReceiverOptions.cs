namespace MetricsServer.Remote;

/// <summary>The receiver's settings.</summary>
public sealed record RemoteWriteReceiverOptions
{
    /// <summary>
    /// Most bytes of compressed body read; more is a 413. Prometheus reads remote read bodies up to 32 MiB and
    /// senders batch 2000 samples by default (a few hundred KiB), so 32 MiB leaves room without letting a
    /// client hold unbounded memory.
    /// </summary>
    public int MaxCompressedBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Most bytes a body may decompress to; more is a 413.</summary>
    public int MaxDecompressedBytes { get; init; } = 128 * 1024 * 1024;

    /// <summary>The messages accepted (<c>--web.remote-write-receiver.accepted-protobuf-messages</c>).</summary>
    public IReadOnlyList<RemoteWriteMessage> AcceptedMessages { get; init; } = [RemoteWriteMessage.V1];

    /// <summary>Samples further ahead of the clock than this are out of bounds, as in Prometheus's receiver.</summary>
    public TimeSpan MaxAheadTime { get; init; } = TimeSpan.FromMinutes(10);
}
