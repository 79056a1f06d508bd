using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Remote.Protocol;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Remote;

public sealed partial class RemoteReadHandler
{
    /// <summary>
    /// The STREAMED_XOR_CHUNKS answer: series in label order, each in frames of at most
    /// <see cref="RemoteReadOptions.MaxBytesInFrame"/> (labels included; one chunk may overshoot), flushed per frame
    /// so that the client can start decoding before the query finishes.
    /// </summary>
    private async Task StreamChunksAsync(ReadRequest request, LabelSet external, IRemoteReadResponse response, CancellationToken cancellationToken)
    {
        Stream? body = null;
        var chunk = new (long TimestampMs, double Value)[_options.SamplesPerChunk];
        for (var queryIndex = 0; queryIndex < request.Queries.Count; queryIndex++)
        {
            var query = request.Queries[queryIndex];
            var matchers = Matchers(query, external);
            using var querier = _storage.Querier(query.StartTimestampMs, query.EndTimestampMs);
            var set = querier.Select(true, Hints(query), matchers);
            ISampleIterator? iterator = null;
            var skippedHistograms = 0;
            while (set.MoveNext())
            {
                var series = new ChunkedSeries();
                ProtoLabels.AddTo(series.Labels, set.Current.Labels, external);
                var labelBytes = series.CalculateSize();
                var frameBytesLeft = _options.MaxBytesInFrame - labelBytes;
                iterator = set.Current.Iterator(iterator);
                var kind = iterator.Next();
                while (kind != ValueKind.None)
                {
                    var n = 0;
                    for (; kind != ValueKind.None && n < chunk.Length; kind = iterator.Next())
                    {
                        // No histogram chunk encoding here yet; the storage does not hold native histograms either.
                        if (kind == ValueKind.Float) chunk[n++] = iterator.At();
                        else skippedHistograms++;
                    }
                    if (n > 0)
                    {
                        var encoded = new Chunk
                        {
                            MinTimeMs = chunk[0].TimestampMs,
                            MaxTimeMs = chunk[n - 1].TimestampMs,
                            Type = Chunk.Types.Encoding.Xor,
                            Data = Google.Protobuf.ByteString.CopyFrom(_encoder(chunk.AsSpan(0, n))),
                        };
                        series.Chunks.Add(encoded);
                        frameBytesLeft -= encoded.CalculateSize();
                    }
                    if (series.Chunks.Count > 0 && (frameBytesLeft <= 0 || kind == ValueKind.None))
                    {
                        body ??= response.StartBody(ChunkedFrames.ContentType, null);
                        await ChunkedFrames.WriteAsync(body, new ChunkedReadResponse { ChunkedSeries = { series }, QueryIndex = queryIndex }, cancellationToken).ConfigureAwait(false);
                        await response.FlushAsync(cancellationToken).ConfigureAwait(false);
                        series = new ChunkedSeries { Labels = { series.Labels } };
                        frameBytesLeft = _options.MaxBytesInFrame - labelBytes;
                    }
                }
                if (iterator.Error is { } error) throw new InvalidDataException("reading series " + set.Current.Labels + ": " + error.Message, error);
            }
            if (set.Error is { } setError) throw new InvalidDataException("selecting series: " + setError.Message, setError);
            if (skippedHistograms > 0) _logger.LogWarning("Streamed remote read left out {Count} native histogram samples", skippedHistograms);
        }
        // A query that matched nothing still answers 200 with an empty stream.
        body ??= response.StartBody(ChunkedFrames.ContentType, null);
    }
}
