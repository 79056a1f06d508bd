using Google.Protobuf;
using MetricsServer.Model.Labels;
using MatchType = MetricsServer.Model.Labels.MatchType;
using MetricsServer.Model.Storage;
using MetricsServer.Remote.Protocol;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Remote;

/// <summary>
/// The remote read endpoint (<c>POST /api/v1/read</c>): decodes a snappy-compressed <see cref="ReadRequest"/>, runs
/// each query against the storage and answers with raw samples (SAMPLES) or streamed XOR chunks
/// (STREAMED_XOR_CHUNKS), whichever the client lists first. Thread-safe; at most
/// <see cref="RemoteReadOptions.ConcurrencyLimit"/> requests run at once, the others wait.
/// </summary>
/// <remarks>
/// As in Prometheus, the server's external labels are added to every returned series (the series' own labels win)
/// and an equality matcher on an external label with its value is turned into "label absent", since stored series
/// do not carry external labels.
/// </remarks>
public sealed partial class RemoteReadHandler : IDisposable
{
    private readonly IQueryableStorage _storage;
    private readonly RemoteReadOptions _options;
    private readonly Func<LabelSet> _externalLabels;
    private readonly XorChunkEncoder _encoder;
    private readonly RemoteMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim? _gate;

    public RemoteReadHandler(IQueryableStorage storage, RemoteReadOptions options, Func<LabelSet> externalLabels, XorChunkEncoder encoder,
        RemoteMetrics metrics, ILogger<RemoteReadHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(externalLabels);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        _storage = storage;
        _options = options;
        _externalLabels = externalLabels;
        _encoder = encoder;
        _metrics = metrics;
        _logger = logger;
        _gate = options.ConcurrencyLimit > 0 ? new SemaphoreSlim(options.ConcurrencyLimit) : null;
    }

    /// <summary>Serves one request; bad input is answered 400 or 413 with the reason, never thrown.</summary>
    public async Task HandleAsync(Stream body, IRemoteReadResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(response);
        _metrics.ReadQueries.Inc();
        try
        {
            if (_gate is not null) await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await ServeAsync(body, response, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate?.Release();
            }
        }
        finally
        {
            _metrics.ReadQueries.Dec();
        }
    }

    /// <summary>Decodes a snappy-compressed <see cref="ReadRequest"/>; bad input is a <see cref="RemoteProtocolException"/>.</summary>
    public static ReadRequest Decode(ReadOnlySpan<byte> compressed, int maxDecompressedBytes)
    {
        var raw = SnappyBody.Decompress(compressed, maxDecompressedBytes);
        try
        {
            return ReadRequest.Parser.ParseFrom(raw);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException)
        {
            throw new RemoteProtocolException(400, "protobuf: " + e.Message, e);
        }
    }

    /// <summary>The first accepted type this server implements; none listed means SAMPLES.</summary>
    public static ReadRequest.Types.ResponseType Negotiate(IReadOnlyList<ReadRequest.Types.ResponseType> accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        if (accepted.Count == 0) return ReadRequest.Types.ResponseType.Samples;
        foreach (var type in accepted)
        {
            if (type is ReadRequest.Types.ResponseType.Samples or ReadRequest.Types.ResponseType.StreamedXorChunks) return type;
        }
        throw new RemoteProtocolException(400,
            $"server does not support any of the requested response types: [{string.Join(" ", accepted)}]; supported: [SAMPLES STREAMED_XOR_CHUNKS]");
    }

    public void Dispose() => _gate?.Dispose();

    private async Task ServeAsync(Stream body, IRemoteReadResponse response, CancellationToken cancellationToken)
    {
        try
        {
            var compressed = await SnappyBody.ReadAsync(body, _options.MaxRequestBytes, cancellationToken).ConfigureAwait(false);
            var request = Decode(compressed, _options.MaxRequestBytes * 4);
            var type = Negotiate(request.AcceptedResponseTypes);
            var external = _externalLabels();
            if (type == ReadRequest.Types.ResponseType.StreamedXorChunks) await StreamChunksAsync(request, external, response, cancellationToken).ConfigureAwait(false);
            else await WriteSamplesAsync(request, external, response, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteProtocolException e)
        {
            await FailAsync(response, e.StatusCode, e.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or InvalidDataException)
        {
            _logger.LogError(e, "Error serving remote read");
            await FailAsync(response, 500, e.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FailAsync(IRemoteReadResponse response, int status, string message, CancellationToken cancellationToken)
    {
        if (response.HasStarted)
        {
            // The status went out with the first frame; ending the stream early is all that is left.
            _logger.LogWarning("Remote read stream ended early: {Error}", message);
            return;
        }
        await response.WriteErrorAsync(status, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The query's matchers, with equality matchers on external labels' values turned into "absent".</summary>
    private static Matcher[] Matchers(Query query, LabelSet external)
    {
        var result = new Matcher[query.Matchers.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var m = query.Matchers[i];
            var type = m.Type switch
            {
                LabelMatcher.Types.Type.Eq => MatchType.Equal,
                LabelMatcher.Types.Type.Neq => MatchType.NotEqual,
                LabelMatcher.Types.Type.Re => MatchType.Regex,
                LabelMatcher.Types.Type.Nre => MatchType.NotRegex,
                _ => throw new RemoteProtocolException(400, $"invalid matcher type {m.Type}"),
            };
            var value = m.Value;
            if (type == MatchType.Equal && external.Has(m.Name) && string.Equals(external.Get(m.Name), value, StringComparison.Ordinal)) value = "";
            try
            {
                result[i] = new Matcher(type, m.Name, value);
            }
            catch (ArgumentException e)
            {
                throw new RemoteProtocolException(400, $"invalid matcher {m.Name}: {e.Message}", e);
            }
        }
        return result;
    }

    private static SelectHints? Hints(Query query) =>
        query.Hints is null ? null : new SelectHints(query.Hints.StartMs, query.Hints.EndMs, query.Hints.StepMs, query.Hints.Func, query.Hints.RangeMs);
}
