using CsCheck;
using MetricsServer.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using static MetricsServer.Remote.Tests.WireBuilders;

namespace MetricsServer.Remote.Tests;

/// <summary>Mutated remote write and read bodies: never a 5xx or an exception, and a refused write stores nothing.</summary>
public sealed class MutatedBodyTests
{
    private static readonly byte[] Valid = Body(
        Series(["__name__", "up", "job", "a"], (1000, 1), (2000, 2)),
        Series(["__name__", "up", "job", "b"], (1000, 0)));

    private static readonly Gen<byte[]> Mutated = Gen.OneOf(
        Gen.Int[0, Valid.Length - 1].Select(n => Valid[..n]),
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Byte, (i, b) =>
        {
            var copy = (byte[])Valid.Clone();
            copy[i] ^= (byte)(b | 1);
            return copy;
        }),
        Gen.Byte.Array[0, 200]);

    [Fact]
    public void Write_MutatedBody_IsAnswered4xxOr204_AndAppendsAllOrNothing()
    {
        Mutated.Sample(body =>
        {
            var storage = new RecordingAppendable();
            var receiver = new RemoteWriteReceiver(storage, new RemoteWriteReceiverOptions { MaxAheadTime = TimeSpan.FromDays(365 * 100) },
                new RemoteMetrics(Metrics.NewCustomRegistry()), TimeProvider.System, NullLogger<RemoteWriteReceiver>.Instance);
            var result = receiver.ReceiveAsync("application/x-protobuf", "snappy", new MemoryStream(body), CancellationToken.None).GetAwaiter().GetResult();
            Assert.InRange(result.StatusCode, 200, 499);
            if (result.StatusCode != 204)
            {
                Assert.Empty(storage.Series);
                Assert.Equal(0, storage.Commits);
            }
        }, iter: 2000);
    }

    [Fact]
    public void Read_MutatedBody_IsAnsweredWithout5xx()
    {
        var request = new Protocol.ReadRequest { Queries = { new Protocol.Query { StartTimestampMs = 0, EndTimestampMs = 10, Matchers = { new Protocol.LabelMatcher { Name = "__name__", Value = "up" } } } } };
        var valid = SnappyBody.Compress(Google.Protobuf.MessageExtensions.ToByteArray(request));
        var gen = Gen.OneOf(
            Gen.Int[0, valid.Length - 1].Select(n => valid[..n]),
            Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, (i, b) =>
            {
                var copy = (byte[])valid.Clone();
                copy[i] ^= (byte)(b | 1);
                return copy;
            }));
        using var handler = new RemoteReadHandler(new InMemoryStorage(), new RemoteReadOptions(), () => Model.Labels.LabelSet.Empty,
            static s => [], new RemoteMetrics(Metrics.NewCustomRegistry()), NullLogger<RemoteReadHandler>.Instance);
        gen.Sample(body =>
        {
            var response = new RecordingReadResponse();
            handler.HandleAsync(new MemoryStream(body), response, CancellationToken.None).GetAwaiter().GetResult();
            Assert.InRange(response.StatusCode, 200, 499);
        }, iter: 1000);
    }
}
