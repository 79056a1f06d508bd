using System.Collections.Concurrent;
using MetricsServer.Tsdb.Chunks;
using MetricsServer.Tsdb.HeadChunks;
using MetricsServer.Tsdb.Tests.Blocks;
using static MetricsServer.Tsdb.Tests.HeadChunks.HeadChunkTestData;

namespace MetricsServer.Tsdb.Tests.HeadChunks;

public class HeadChunkConcurrencyTests
{
    private const int Writers = 4;
    private const int ChunksPerWriter = 500;

    [Fact]
    public async Task WritersReadersAndTruncation_Concurrently_EveryReadReturnsTheChunkWrittenOrReportsItTruncated()
    {
        using var dir = new TempDataDirectory();
        using var mapper = HeadChunkDiskMapper.Open(dir.Path, SmallFiles);
        var written = new ConcurrentQueue<(ulong Ref, int Seed)>();
        var truncatedBelow = 0;
        var writersDone = 0;
        var failures = new ConcurrentQueue<string>();
        var reads = 0L;

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < ChunksPerWriter; i++)
            {
                var seed = (w * ChunksPerWriter) + i;
                var chunkRef = mapper.Write((ulong)seed, seed, seed, XorChunk.Encoding, Chunk(seed, LengthFor(seed)));
                written.Enqueue((chunkRef, seed));
                if (i % 97 == 0) mapper.CutNewFile();
            }
            Interlocked.Increment(ref writersDone);
        })).ToArray();

        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var buffer = new byte[8];
            while (Volatile.Read(ref writersDone) < Writers || Interlocked.Read(ref reads) == 0)
            {
                foreach (var (chunkRef, seed) in written)
                {
                    var floor = Volatile.Read(ref truncatedBelow);
                    try
                    {
                        var (_, length) = mapper.Read(chunkRef, ref buffer);
                        if (!buffer.AsSpan(0, length).SequenceEqual(Chunk(seed, LengthFor(seed)))) failures.Enqueue($"wrong bytes for seed {seed}");
                        Interlocked.Increment(ref reads);
                    }
                    catch (ArgumentOutOfRangeException) when (HeadChunkFormat.FileIndexOf(chunkRef) < Volatile.Read(ref truncatedBelow))
                    {
                        // Truncated away after we looked: allowed.
                    }
                    catch (Exception e)
                    {
                        failures.Enqueue($"seed {seed}, file {HeadChunkFormat.FileIndexOf(chunkRef)} (truncated below {floor}): {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        })).ToArray();

        var truncator = Task.Run(() =>
        {
            while (Volatile.Read(ref writersDone) < Writers)
            {
                var files = mapper.FileIndexes;
                if (files.Count < 6) continue;
                var keepFrom = files[^4];
                // Publish the floor before truncating so readers never see a missing file above it.
                Volatile.Write(ref truncatedBelow, keepFrom);
                mapper.Truncate(keepFrom);
            }
        });

        await Task.WhenAll([.. writers, .. readers, truncator]);

        Assert.Empty(failures);
        Assert.True(reads > 0);
        Assert.Equal(Writers * ChunksPerWriter, mapper.ChunksWritten);
        var floorAtEnd = Volatile.Read(ref truncatedBelow);
        var survivors = written.Where(w => HeadChunkFormat.FileIndexOf(w.Ref) >= floorAtEnd).ToList();
        Assert.NotEmpty(survivors);
        foreach (var (chunkRef, seed) in survivors) Assert.Equal(Chunk(seed, LengthFor(seed)), mapper.ReadChunk(chunkRef));
        Assert.Equal(survivors.Select(s => s.Ref).Order(), AllChunks(mapper).Select(m => m.ChunkRef));
    }

    [Fact]
    public void ConcurrentWriters_RefsAreUniqueAndEachReadsBackItsOwnChunk()
    {
        using var dir = new TempDataDirectory();
        using var mapper = HeadChunkDiskMapper.Open(dir.Path, SmallFiles);
        var refs = new ulong[Writers * ChunksPerWriter];

        Parallel.For(0, refs.Length, seed => refs[seed] = mapper.Write((ulong)seed, seed, seed, XorChunk.Encoding, Chunk(seed, LengthFor(seed))));

        Assert.Equal(refs.Length, refs.Distinct().Count());
        for (var seed = 0; seed < refs.Length; seed++) Assert.Equal(Chunk(seed, LengthFor(seed)), mapper.ReadChunk(refs[seed]));
        var bySeries = AllChunks(mapper).ToDictionary(m => m.SeriesRef, m => m.ChunkRef);
        for (var seed = 0; seed < refs.Length; seed++) Assert.Equal(refs[seed], bySeries[(ulong)seed]);
    }
}
