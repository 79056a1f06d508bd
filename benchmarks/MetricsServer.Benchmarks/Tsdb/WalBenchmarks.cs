using System.Buffers;
using BenchmarkDotNet.Attributes;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Wal;

namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>
/// WAL write throughput: one samples record of 1000 samples (realistic refs, 15 s apart timestamps, counter-like
/// values) encoded, logged and fsynced per commit, to a temporary directory. Figures are per sample
/// (OperationsPerInvoke); MB/s = bytes per record / time per commit.
/// </summary>
[MemoryDiagnoser]
public class WalBenchmarks
{
    private const int SamplesPerCommit = 1000;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly RefSample[] _samples = new RefSample[SamplesPerCommit];
    private string _dir = null!;
    private WriteAheadLog _wal = null!;
    private long _t;

    [Params(WalCompression.None, WalCompression.Snappy)]
    public WalCompression Compression { get; set; }

    [Params(true, false)]
    public bool Fsync { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "walbench-" + Guid.NewGuid().ToString("N"));
        _wal = WriteAheadLog.Open(_dir, new WalOptions { Compression = Compression });
        _t = 1_700_000_000_000;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _wal.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Bytes of one encoded record, printed once so the MB/s figure can be derived.</summary>
    public int RecordBytes { get; private set; }

    [Benchmark(OperationsPerInvoke = SamplesPerCommit)]
    public void CommitSamples()
    {
        _t += 15_000;
        for (var i = 0; i < _samples.Length; i++)
        {
            _samples[i] = new RefSample(new SeriesRef((ulong)(100_000 + i)), _t + (i % 50), (_t / 1000.0) + i);
        }
        _buffer.ResetWrittenCount();
        WalRecordEncoder.Samples(_samples, _buffer);
        RecordBytes = _buffer.WrittenCount;
        _wal.Log(_buffer.WrittenSpan);
        if (Fsync) _wal.Commit();
        else _wal.Flush();
    }
}
