namespace MetricsServer.Remote;

/// <summary>The protobuf messages a remote write body can carry, named in the content type's <c>proto</c> parameter.</summary>
public enum RemoteWriteMessage
{
    /// <summary><c>prometheus.WriteRequest</c>: remote write 1.0.</summary>
    V1,
    /// <summary><c>io.prometheus.write.v2.Request</c>: remote write 2.0.</summary>
    V2,
}
