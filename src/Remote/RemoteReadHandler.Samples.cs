using MetricsServer.Model.Labels;
using Google.Protobuf;
using MetricsServer.Model.Storage;
using MetricsServer.Remote.Protocol;

namespace MetricsServer.Remote;

public sealed partial class RemoteReadHandler
{
    /// <summary>The SAMPLES answer: one snappy-compressed <see cref="ReadResponse"/> holding every query's result.</summary>
    private async Task WriteSamplesAsync(ReadRequest request, LabelSet external, IRemoteReadResponse response, CancellationToken cancellationToken)
    {
        var answer = new ReadResponse();
        foreach (var query in request.Queries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            answer.Results.Add(RunQuery(query, external));
        }
        var compressed = SnappyBody.Compress(answer.ToByteArray());
        var body = response.StartBody(RemoteWriteHeaders.ProtobufMediaType, "snappy");
        await body.WriteAsync(compressed, cancellationToken).ConfigureAwait(false);
    }

    private QueryResult RunQuery(Query query, LabelSet external)
    {
        var matchers = Matchers(query, external);
        using var querier = _storage.Querier(query.StartTimestampMs, query.EndTimestampMs);
        var set = querier.Select(false, Hints(query), matchers);
        var result = new QueryResult();
        var samples = 0L;
        ISampleIterator? iterator = null;
        while (set.MoveNext())
        {
            var series = new TimeSeries();
            ProtoLabels.AddTo(series.Labels, set.Current.Labels, external);
            iterator = set.Current.Iterator(iterator);
            for (var kind = iterator.Next(); kind != ValueKind.None; kind = iterator.Next())
            {
                if (_options.SampleLimit > 0 && ++samples > _options.SampleLimit)
                    throw new RemoteProtocolException(400, $"exceeded sample limit ({_options.SampleLimit})");
                if (kind == ValueKind.Float)
                {
                    var (t, v) = iterator.At();
                    series.Samples.Add(new Sample { Timestamp = t, Value = v });
                }
                else
                {
                    var (t, h) = iterator.AtHistogram();
                    series.Histograms.Add(ProtoHistograms.FromNative(t, h));
                }
            }
            if (iterator.Error is { } error) throw new InvalidDataException("reading series " + set.Current.Labels + ": " + error.Message, error);
            result.Timeseries.Add(series);
        }
        if (set.Error is { } setError) throw new InvalidDataException("selecting series: " + setError.Message, setError);
        return result;
    }
}
