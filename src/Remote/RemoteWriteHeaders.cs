namespace MetricsServer.Remote;

/// <summary>
/// The content negotiation of a remote write request, as Prometheus's receiver does it: a missing
/// <c>Content-Type</c> means 1.0; the media type must be <c>application/x-protobuf</c>, with an optional
/// <c>proto=</c> parameter naming the message; a missing <c>Content-Encoding</c> means snappy, any other
/// encoding is refused. Every refusal is a 415.
/// </summary>
public static class RemoteWriteHeaders
{
    public const string ProtobufMediaType = "application/x-protobuf";
    public const string V1MessageName = "prometheus.WriteRequest";
    public const string V2MessageName = "io.prometheus.write.v2.Request";
    public const string VersionHeader = "X-Prometheus-Remote-Write-Version";

    /// <summary>The message a request carries, or a 415 <see cref="RemoteProtocolException"/>.</summary>
    public static RemoteWriteMessage ParseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return RemoteWriteMessage.V1;
        var parts = contentType.Trim().Split(';');
        if (!string.Equals(parts[0].Trim(), ProtobufMediaType, StringComparison.OrdinalIgnoreCase))
            throw new RemoteProtocolException(415, $"expected {ProtobufMediaType} as the first (media) part, got {contentType} content-type");
        foreach (var parameter in parts.AsSpan(1))
        {
            var pair = parameter.Split('=');
            if (pair.Length != 2)
                throw new RemoteProtocolException(415, $"expected parameters to be key-values, got {parameter} in {contentType} content-type");
            if (!string.Equals(pair[0].Trim(), "proto", StringComparison.OrdinalIgnoreCase)) continue;
            return pair[1].Trim() switch
            {
                V1MessageName => RemoteWriteMessage.V1,
                V2MessageName => RemoteWriteMessage.V2,
                var other => throw new RemoteProtocolException(415,
                    $"got {contentType} content type; unknown remote write protobuf message {other}, supported: {V1MessageName}, {V2MessageName}"),
            };
        }
        return RemoteWriteMessage.V1;
    }

    /// <summary>Accepts a missing encoding or snappy; anything else is a 415.</summary>
    public static void CheckContentEncoding(string? contentEncoding)
    {
        if (string.IsNullOrEmpty(contentEncoding) || string.Equals(contentEncoding.Trim(), "snappy", StringComparison.OrdinalIgnoreCase)) return;
        throw new RemoteProtocolException(415, $"{contentEncoding} encoding (compression) is not accepted by this server; only snappy is acceptable");
    }

    /// <summary>The wire name of <paramref name="message"/>.</summary>
    public static string Name(RemoteWriteMessage message) => message == RemoteWriteMessage.V2 ? V2MessageName : V1MessageName;
}
