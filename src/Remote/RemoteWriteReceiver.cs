using Google.Protobuf;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Remote.Protocol;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Remote;

/// <summary>
/// The remote write receiver (<c>POST /api/v1/write</c>): decodes a snappy-compressed protobuf body and appends its
/// samples through one appender per request. Thread-safe: each request gets its own appender.
/// </summary>
/// <remarks>
/// Remote write 1.0 as Prometheus's receiver answers it: a series without a metric name, with an empty or duplicate
/// label name is skipped and counted, the rest of the request is written; the first out-of-order, duplicate,
/// out-of-bounds or too-old sample rolls the whole request back and is answered 400 with the reason, so that the
/// sender does not retry it. A body that does not decode appends nothing. Native histograms the storage does not
/// take yet are skipped and logged rather than failing the floats beside them.
/// </remarks>
public sealed class RemoteWriteReceiver
{
    private readonly IAppendable _storage;
    private readonly RemoteWriteReceiverOptions _options;
    private readonly RemoteMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public RemoteWriteReceiver(IAppendable storage, RemoteWriteReceiverOptions options, RemoteMetrics metrics, TimeProvider clock, ILogger<RemoteWriteReceiver> logger)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _storage = storage;
        _options = options;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Serves one request from its headers and body; never throws for bad input.</summary>
    public async Task<RemoteWriteResult> ReceiveAsync(string? contentType, string? contentEncoding, Stream body, CancellationToken cancellationToken)
    {
        WriteRequest request;
        try
        {
            var message = RemoteWriteHeaders.ParseContentType(contentType);
            if (!_options.AcceptedMessages.Contains(message))
            {
                throw new RemoteProtocolException(415, $"{RemoteWriteHeaders.Name(message)} protobuf message is not accepted by this server; accepted " +
                    string.Join(", ", _options.AcceptedMessages.Select(RemoteWriteHeaders.Name)));
            }
            if (message == RemoteWriteMessage.V2)
                throw new RemoteProtocolException(415, $"{RemoteWriteHeaders.V2MessageName} protobuf message is not supported by this server yet; send {RemoteWriteHeaders.V1MessageName}");
            RemoteWriteHeaders.CheckContentEncoding(contentEncoding);
            var compressed = await SnappyBody.ReadAsync(body, _options.MaxCompressedBytes, cancellationToken).ConfigureAwait(false);
            request = Decode(compressed, _options.MaxDecompressedBytes);
        }
        catch (RemoteProtocolException e)
        {
            _logger.LogWarning("Error decoding remote write request: {Error}", e.Message);
            return new RemoteWriteResult(e.StatusCode, e.Message);
        }
        return Write(request);
    }

    /// <summary>Decodes a snappy-compressed <see cref="WriteRequest"/>; bad input is a <see cref="RemoteProtocolException"/>.</summary>
    public static WriteRequest Decode(ReadOnlySpan<byte> compressed, int maxDecompressedBytes)
    {
        var raw = SnappyBody.Decompress(compressed, maxDecompressedBytes);
        try
        {
            return WriteRequest.Parser.ParseFrom(raw);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException)
        {
            throw new RemoteProtocolException(400, "protobuf: " + e.Message, e);
        }
    }

    /// <summary>Appends a decoded request, in one appender, with Prometheus's answers.</summary>
    public RemoteWriteResult Write(WriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var maxTime = _clock.GetUtcNow().Add(_options.MaxAheadTime).ToUnixTimeMilliseconds();
        var counts = new Counts();
        var app = _storage.Appender();
        RemoteWriteResult result;
        try
        {
            result = Append(app, request, maxTime, ref counts);
            if (result.IsSuccess) app.Commit();
            else app.Rollback();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // A storage failure is the server's fault: 500 tells the sender to retry.
            _logger.LogError(e, "Error while remote writing the v1 request");
            TryRollback(app);
            return new RemoteWriteResult(500, e.Message);
        }
        if (counts.InvalidLabels > 0) _metrics.InvalidLabelSamples.Inc(counts.InvalidLabels);
        if (counts.SkippedHistograms > 0)
            _logger.LogWarning("Skipped {Count} native histogram samples from remote write: the storage does not take them yet", counts.SkippedHistograms);
        return result;
    }

    private RemoteWriteResult Append(IAppender app, WriteRequest request, long maxTime, ref Counts counts)
    {
        foreach (var ts in request.Timeseries)
        {
            var labels = ProtoLabels.ToLabelSet(ts.Labels, out var problem);
            if (labels is null)
            {
                _logger.LogWarning("Invalid labels for series ({Problem}); skipping its {Samples} samples", problem, ts.Samples.Count + ts.Histograms.Count);
                counts.InvalidLabels += ts.Samples.Count + ts.Histograms.Count;
                continue;
            }
            var series = SeriesRef.None;
            foreach (var s in ts.Samples)
            {
                var outcome = s.Timestamp > maxTime ? AppendResult.OutOfBounds : app.Append(ref series, labels, s.Timestamp, s.Value);
                if (outcome != AppendResult.Ok) return Rejected(outcome, labels, s.Timestamp);
            }
            foreach (var e in ts.Exemplars)
            {
                // Exemplar storage is best effort, as in Prometheus: a rejected exemplar never fails the request.
                var exemplarLabels = ProtoLabels.ToLabelSet(e.Labels, out _, requireMetricName: false) ?? LabelSet.Empty;
                _ = app.AppendExemplar(ref series, labels, new Model.Metadata.Exemplar(exemplarLabels, e.Value, e.Timestamp));
            }
            foreach (var h in ts.Histograms)
            {
                var outcome = h.Timestamp > maxTime ? AppendResult.OutOfBounds : app.AppendHistogram(ref series, labels, h.Timestamp, ProtoHistograms.ToNative(h));
                if (outcome == AppendResult.Unsupported)
                {
                    counts.SkippedHistograms++;
                    continue;
                }
                if (outcome != AppendResult.Ok) return Rejected(outcome, labels, h.Timestamp);
            }
        }
        return RemoteWriteResult.NoContent;
    }

    /// <summary>Prometheus answers a sample the storage refuses with 400, so that the sender drops the batch instead of retrying it.</summary>
    private RemoteWriteResult Rejected(AppendResult outcome, LabelSet labels, long timestampMs)
    {
        var reason = outcome switch
        {
            AppendResult.OutOfOrder => "out of order sample",
            AppendResult.Duplicate => "duplicate sample for timestamp",
            AppendResult.OutOfBounds => "out of bounds",
            AppendResult.TooOld => "too old sample",
            AppendResult.InvalidSeries => "invalid series",
            _ => "sample refused by the storage (" + outcome + ")",
        };
        var message = $"{reason} for series {labels} at timestamp {timestampMs}";
        _logger.LogWarning("Rejected remote write request: {Error}", message);
        return new RemoteWriteResult(400, message);
    }

    private static void TryRollback(IAppender app)
    {
        try
        {
            app.Rollback();
        }
        catch (InvalidOperationException)
        {
            // Already finished by the failure that brought us here.
        }
    }

    private struct Counts
    {
        public int InvalidLabels;
        public int SkippedHistograms;
    }
}
