using BenchmarkDotNet.Attributes;
using MetricsServer.Tsdb.Chunks;
using MetricsServer.Tsdb.HeadChunks;

namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>
/// Head chunk files: writing a full 120-sample XOR chunk (about 150 bytes, counter-like values 15 s apart) and reading
/// one back by reference into a reused buffer, from a complete (memory-mapped) file and from the file being written.
/// Figures are per chunk (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class HeadChunkBenchmarks
{
    private const int Chunks = 10_000;
    private readonly ulong[] _sealedRefs = new ulong[Chunks];
    private readonly ulong[] _activeRefs = new ulong[Chunks];
    private byte[] _chunk = null!;
    private byte[] _buffer = new byte[256];
    private string _dir = null!;
    private HeadChunkDiskMapper _mapper = null!;
    private HeadChunkDiskMapper _writer = null!;
    private ulong _series;

    [GlobalSetup]
    public void Setup()
    {
        var samples = new (long, double)[120];
        for (var i = 0; i < samples.Length; i++) samples[i] = (1_700_000_000_000 + (i * 15_000), 1000 + (i * 3.5));
        _chunk = XorChunk.Encode(samples).Bytes.ToArray();
        _dir = Path.Combine(Path.GetTempPath(), "headchunkbench-" + Guid.NewGuid().ToString("N"));
        _mapper = HeadChunkDiskMapper.Open(Path.Combine(_dir, "read"));
        _writer = HeadChunkDiskMapper.Open(Path.Combine(_dir, "write"));
        for (var i = 0; i < Chunks; i++) _sealedRefs[i] = _mapper.Write((ulong)i, 0, 1, XorChunk.Encoding, _chunk);
        _mapper.CutNewFile();
        for (var i = 0; i < Chunks; i++) _activeRefs[i] = _mapper.Write((ulong)i, 0, 1, XorChunk.Encoding, _chunk);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _mapper.Dispose();
        _writer.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Chunks)]
    public ulong Write()
    {
        ulong last = 0;
        for (var i = 0; i < Chunks; i++) last = _writer.Write(++_series, 0, 1, XorChunk.Encoding, _chunk);
        // Keep the disk bounded as the head would: drop complete files (unmap and unlink, no fsync).
        _writer.Truncate(HeadChunkFormat.FileIndexOf(last));
        return last;
    }

    [Benchmark(OperationsPerInvoke = Chunks)]
    public int ReadMapped()
    {
        var total = 0;
        foreach (var chunkRef in _sealedRefs) total += _mapper.Read(chunkRef, ref _buffer).Length;
        return total;
    }

    [Benchmark(OperationsPerInvoke = Chunks)]
    public int ReadFileBeingWritten()
    {
        var total = 0;
        foreach (var chunkRef in _activeRefs) total += _mapper.Read(chunkRef, ref _buffer).Length;
        return total;
    }
}
