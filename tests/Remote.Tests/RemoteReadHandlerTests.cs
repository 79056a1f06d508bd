using Google.Protobuf;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Remote.Protocol;
using MetricsServer.Tsdb.Chunks;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using ResponseType = MetricsServer.Remote.Protocol.ReadRequest.Types.ResponseType;

namespace MetricsServer.Remote.Tests;

public sealed class RemoteReadHandlerTests
{
    private static readonly LabelSet UpA = LabelSet.FromStrings("__name__", "up", "job", "a");
    private static readonly LabelSet UpB = LabelSet.FromStrings("__name__", "up", "job", "b");
    private static readonly LabelSet Other = LabelSet.FromStrings("__name__", "other");

    private readonly InMemoryStorage _storage = new(
        (UpB, [.. Enumerable.Range(0, 300).Select(i => (i * 1000L, (double)i))]),
        (UpA, [(1000, 1), (2000, 2), (3000, 3)]),
        (Other, [(1000, 9)]));

    private RemoteReadHandler Handler(RemoteReadOptions? options = null, LabelSet? external = null) =>
        new(_storage, options ?? new RemoteReadOptions(), () => external ?? LabelSet.Empty, static s => XorChunk.Encode(s).Bytes.ToArray(),
            new RemoteMetrics(Metrics.NewCustomRegistry()), NullLogger<RemoteReadHandler>.Instance);

    private static byte[] Request(IEnumerable<ResponseType> accepted, params Query[] queries)
    {
        var request = new ReadRequest();
        request.Queries.AddRange(queries);
        request.AcceptedResponseTypes.AddRange(accepted);
        return SnappyBody.Compress(request.ToByteArray());
    }

    private static Query Up(long start, long end, params (LabelMatcher.Types.Type Type, string Name, string Value)[] extra)
    {
        var q = new Query { StartTimestampMs = start, EndTimestampMs = end, Matchers = { new LabelMatcher { Type = LabelMatcher.Types.Type.Eq, Name = "__name__", Value = "up" } } };
        foreach (var (type, name, value) in extra) q.Matchers.Add(new LabelMatcher { Type = type, Name = name, Value = value });
        return q;
    }

    private async Task<RecordingReadResponse> ReadAsync(byte[] body, RemoteReadOptions? options = null, LabelSet? external = null)
    {
        using var handler = Handler(options, external);
        var response = new RecordingReadResponse();
        await handler.HandleAsync(new MemoryStream(body), response, CancellationToken.None);
        return response;
    }

    [Fact]
    public async Task Samples_AnswersEachQueryInOrder_WithinItsTimeRange()
    {
        var response = await ReadAsync(Request([], Up(1000, 2000, (LabelMatcher.Types.Type.Eq, "job", "a")), Up(0, 1000, (LabelMatcher.Types.Type.Re, "job", "b|c"))));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.ContentType);
        Assert.Equal("snappy", response.ContentEncoding);
        var answer = ReadResponse.Parser.ParseFrom(SnappyBody.Decompress(response.Body.ToArray(), 1 << 20));
        Assert.Equal(2, answer.Results.Count);
        var a = Assert.Single(answer.Results[0].Timeseries);
        Assert.Equal([(1000L, 1.0), (2000L, 2.0)], a.Samples.Select(s => (s.Timestamp, s.Value)));
        var b = Assert.Single(answer.Results[1].Timeseries);
        Assert.Equal(["__name__=up", "job=b"], b.Labels.Select(l => l.Name + "=" + l.Value));
        Assert.Equal(2, b.Samples.Count);
        Assert.Equal(0, _storage.QueriersOpen);
    }

    [Fact]
    public async Task Samples_ExternalLabels_AreAddedAndAnEqualityMatcherOnThemMeansAbsent()
    {
        var external = LabelSet.FromStrings("region", "eu", "job", "ignored");
        var response = await ReadAsync(Request([], Up(1000, 1000, (LabelMatcher.Types.Type.Eq, "region", "eu"))), external: external);

        var answer = ReadResponse.Parser.ParseFrom(SnappyBody.Decompress(response.Body.ToArray(), 1 << 20));
        var labels = answer.Results[0].Timeseries.Select(ts => string.Join(",", ts.Labels.Select(l => l.Name + "=" + l.Value))).Order(StringComparer.Ordinal);
        Assert.Equal(["__name__=up,job=a,region=eu", "__name__=up,job=b,region=eu"], labels);
    }

    [Fact]
    public async Task Samples_PastTheSampleLimit_Answers400()
    {
        var response = await ReadAsync(Request([], Up(0, 1_000_000)), new RemoteReadOptions { SampleLimit = 10 });

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("exceeded sample limit (10)", response.Error);
    }

    [Fact]
    public async Task Negotiation_UnknownTypesOnly_Answers400()
    {
        var response = await ReadAsync(Request([(ResponseType)7], Up(0, 10)));

        Assert.Equal(400, response.StatusCode);
        Assert.StartsWith("server does not support any of the requested response types", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streamed_FramesCarryEverySampleInXorChunks_SortedSeries_ChecksummedFrames()
    {
        var response = await ReadAsync(Request([(ResponseType)7, ResponseType.StreamedXorChunks, ResponseType.Samples], Up(0, 1_000_000)));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(ChunkedFrames.ContentType, response.ContentType);
        Assert.Null(response.ContentEncoding);
        var samples = new Dictionary<string, List<(long, double)>>();
        var order = new List<string>();
        response.Body.Position = 0;
        while (await ChunkedFrames.ReadAsync(response.Body, 1 << 20, CancellationToken.None) is { } frame)
        {
            Assert.Equal(0, frame.QueryIndex);
            var series = Assert.Single(frame.ChunkedSeries);
            var key = string.Join(",", series.Labels.Select(l => l.Name + "=" + l.Value));
            if (order.Count == 0 || order[^1] != key) order.Add(key);
            foreach (var chunk in series.Chunks)
            {
                Assert.Equal(Chunk.Types.Encoding.Xor, chunk.Type);
                var it = new XorChunk(chunk.Data.ToByteArray()).Iterator();
                var list = samples.TryGetValue(key, out var l) ? l : samples[key] = [];
                while (it.Next() == ValueKind.Float) list.Add(it.At());
                Assert.Equal(chunk.MinTimeMs, list[^XorChunk.ReadNumSamples(chunk.Data.Span)].Item1);
                Assert.Equal(chunk.MaxTimeMs, list[^1].Item1);
            }
        }
        Assert.Equal(["__name__=up,job=a", "__name__=up,job=b"], order);
        Assert.Equal(300, samples["__name__=up,job=b"].Count);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (i * 1000L, (double)i)), samples["__name__=up,job=b"]);
    }

    [Fact]
    public async Task Streamed_SmallFrameLimit_SplitsASeriesOverFramesWithoutLosingSamples()
    {
        var response = await ReadAsync(Request([ResponseType.StreamedXorChunks], Up(0, 1_000_000, (LabelMatcher.Types.Type.Eq, "job", "b"))),
            new RemoteReadOptions { MaxBytesInFrame = 64, SamplesPerChunk = 50 });

        response.Body.Position = 0;
        var frames = 0;
        var total = 0;
        while (await ChunkedFrames.ReadAsync(response.Body, 1 << 20, CancellationToken.None) is { } frame)
        {
            frames++;
            total += frame.ChunkedSeries.Sum(s => s.Chunks.Sum(c => XorChunk.ReadNumSamples(c.Data.Span)));
        }
        Assert.Equal(6, frames);
        Assert.Equal(300, total);
        Assert.Equal(6, response.Flushes);
    }

    [Fact]
    public async Task Frames_CorruptChecksum_IsRefused()
    {
        var stream = new MemoryStream();
        await ChunkedFrames.WriteAsync(stream, new ChunkedReadResponse { QueryIndex = 3 }, CancellationToken.None);
        var bytes = stream.ToArray();
        bytes[2] ^= 1;

        await Assert.ThrowsAsync<RemoteProtocolException>(async () => await ChunkedFrames.ReadAsync(new MemoryStream(bytes), 1024, CancellationToken.None));
    }

    [Fact]
    public void Crc32Castagnoli_MatchesTheStandardCheckValue() =>
        Assert.Equal(0xE3069283u, Crc32Castagnoli.Compute("123456789"u8));
}
