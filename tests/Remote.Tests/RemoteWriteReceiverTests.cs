using MetricsServer.Model.Labels;
using MetricsServer.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using static MetricsServer.Remote.Tests.WireBuilders;

namespace MetricsServer.Remote.Tests;

public sealed class RemoteWriteReceiverTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
    private readonly RecordingAppendable _storage = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    private RemoteWriteReceiver Receiver(RemoteWriteReceiverOptions? options = null) =>
        new(_storage, options ?? new RemoteWriteReceiverOptions(), new RemoteMetrics(_registry), new FakeTimeProvider(Now), NullLogger<RemoteWriteReceiver>.Instance);

    private Task<RemoteWriteResult> SendAsync(byte[] body, string? contentType = "application/x-protobuf", string? encoding = "snappy", RemoteWriteReceiverOptions? options = null) =>
        Receiver(options).ReceiveAsync(contentType, encoding, new MemoryStream(body), CancellationToken.None);

    private static long T(int seconds) => Now.ToUnixTimeMilliseconds() - 600_000 + seconds * 1000L;

    [Fact]
    public async Task Receive_ValidRequest_AppendsEverySampleInOneCommit()
    {
        var result = await SendAsync(Body(
            Series(["__name__", "up", "job", "a"], (T(1), 1), (T(2), 2)),
            Series(["job", "b", "__name__", "up"], (T(1), 0))));

        Assert.Equal(204, result.StatusCode);
        Assert.Equal(1, _storage.Commits);
        Assert.Equal([(T(1), 1.0), (T(2), 2.0)], _storage.Samples(LabelSet.FromStrings("__name__", "up", "job", "a")));
        Assert.Equal([(T(1), 0.0)], _storage.Samples(LabelSet.FromStrings("__name__", "up", "job", "b")));
    }

    [Fact]
    public async Task Receive_OutOfOrderSample_Answers400AndRollsBackTheWholeRequest()
    {
        Assert.Equal(204, (await SendAsync(Body(Series(["__name__", "m"], (T(10), 1))))).StatusCode);

        var result = await SendAsync(Body(Series(["__name__", "other"], (T(1), 5)), Series(["__name__", "m"], (T(5), 2))));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("out of order sample", result.Error, StringComparison.Ordinal);
        Assert.Contains("__name__=\"m\"", result.Error, StringComparison.Ordinal);
        Assert.Empty(_storage.Samples(LabelSet.FromStrings("__name__", "other")));
        Assert.Equal(1, _storage.Rollbacks);
    }

    [Fact]
    public async Task Receive_SampleTooFarInTheFuture_IsOutOfBounds()
    {
        var result = await SendAsync(Body(Series(["__name__", "m"], (Now.ToUnixTimeMilliseconds() + 11 * 60_000, 1))));

        Assert.Equal(400, result.StatusCode);
        Assert.StartsWith("out of bounds", result.Error, StringComparison.Ordinal);
        Assert.Empty(_storage.Series);
    }

    public static TheoryData<string, string[]> InvalidLabelCases => new()
    {
        { "no metric name", ["job", "a"] },
        { "empty metric name", ["__name__", "", "job", "a"] },
        { "empty label name", ["__name__", "m", "", "x"] },
        { "duplicate label name", ["__name__", "m", "job", "a", "job", "b"] },
        { "duplicate name, one value empty", ["__name__", "m", "job", "", "job", "b"] },
    };

    [Theory]
    [MemberData(nameof(InvalidLabelCases))]
    public async Task Receive_SeriesWithInvalidLabels_IsSkippedAndCountedWhileOthersAreWritten(string name, string[] labels)
    {
        var result = await SendAsync(Body(Series(labels, (T(1), 1), (T(2), 2)), Series(["__name__", "good"], (T(1), 3))));

        Assert.True(result.StatusCode == 204, name);
        Assert.Equal([LabelSet.FromStrings("__name__", "good")], _storage.Series);
        Assert.Equal(2, new RemoteMetrics(_registry).InvalidLabelSamples.Value);
    }

    [Fact]
    public async Task Receive_UnsortedLabelsAndEmptyValues_AreSortedAndDropped()
    {
        var result = await SendAsync(Body(Series(["zone", "z", "__name__", "m", "empty", "", "a", "1"], (T(1), 1))));

        Assert.Equal(204, result.StatusCode);
        Assert.Equal([LabelSet.FromStrings("__name__", "m", "a", "1", "zone", "z")], _storage.Series);
    }

    public static TheoryData<string?, string?, int> HeaderCases => new()
    {
        { null, null, 204 },
        { "application/x-protobuf", "snappy", 204 },
        { "application/x-protobuf;proto=prometheus.WriteRequest", "snappy", 204 },
        { "application/x-protobuf; proto=io.prometheus.write.v2.Request", "snappy", 415 },
        { "application/x-protobuf;proto=foo.Bar", "snappy", 415 },
        { "application/json", "snappy", 415 },
        { "application/x-protobuf;garbage", "snappy", 415 },
        { "application/x-protobuf", "gzip", 415 },
    };

    [Theory]
    [MemberData(nameof(HeaderCases))]
    public async Task Receive_ContentTypeAndEncoding_AreNegotiatedAsPrometheusDoes(string? contentType, string? encoding, int status)
    {
        var result = await SendAsync(Body(Series(["__name__", "m"], (T(1), 1))), contentType, encoding);

        Assert.Equal(status, result.StatusCode);
        Assert.Equal(status == 204, _storage.Series.Count == 1);
        if (status != 204) Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public async Task Receive_V2AcceptedByFlag_IsStillRefusedWith415NamingIt()
    {
        var options = new RemoteWriteReceiverOptions { AcceptedMessages = [RemoteWriteMessage.V1, RemoteWriteMessage.V2] };
        var result = await SendAsync(Body(Series(["__name__", "m"], (T(1), 1))), "application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy", options);

        Assert.Equal(415, result.StatusCode);
        Assert.Contains("io.prometheus.write.v2.Request", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_BodyLargerThanTheLimit_Answers413AndStoresNothing()
    {
        var body = Body(Series(["__name__", "m"], [.. Enumerable.Range(0, 1000).Select(i => (T(i), (double)i))]));
        var result = await SendAsync(body, options: new RemoteWriteReceiverOptions { MaxCompressedBytes = body.Length - 1 });

        Assert.Equal(413, result.StatusCode);
        Assert.Empty(_storage.Series);
    }

    [Fact]
    public async Task Receive_BodyDecompressingPastTheLimit_Answers413()
    {
        var body = Body(Series(["__name__", "m"], [.. Enumerable.Range(0, 1000).Select(i => (T(i), 0.0))]));
        var result = await SendAsync(body, options: new RemoteWriteReceiverOptions { MaxDecompressedBytes = 1000 });

        Assert.Equal(413, result.StatusCode);
        Assert.Empty(_storage.Series);
    }

    [Fact]
    public async Task Receive_NotSnappy_Answers400()
    {
        var result = await SendAsync([0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02]);

        Assert.Equal(400, result.StatusCode);
        Assert.StartsWith("snappy", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_SnappyOfGarbage_Answers400FromProtobuf()
    {
        var result = await SendAsync(SnappyBody.Compress([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));

        Assert.Equal(400, result.StatusCode);
        Assert.StartsWith("protobuf", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, _storage.Commits);
    }
}
