using MetricsServer.Tsdb.Chunks;
using MetricsServer.Tsdb.HeadChunks;
using MetricsServer.Tsdb.Tests.Blocks;
using static MetricsServer.Tsdb.Tests.HeadChunks.HeadChunkTestData;

namespace MetricsServer.Tsdb.Tests.HeadChunks;

public class HeadChunkDiskMapperTests
{
    [Fact]
    public void Write_ManyChunksAcrossSmallFiles_EachReadableAtOnceAndAfterReopen()
    {
        using var dir = new TempDataDirectory();
        var refs = new List<ulong>();
        using (var mapper = HeadChunkDiskMapper.Open(dir.Path, SmallFiles))
        {
            var buffer = new byte[1];
            for (var i = 0; i < 400; i++)
            {
                var chunkRef = mapper.Write((ulong)i + 1, i * 10, (i * 10) + 9, XorChunk.Encoding, Chunk(i, LengthFor(i)));
                refs.Add(chunkRef);
                var (encoding, length) = mapper.Read(chunkRef, ref buffer);
                Assert.Equal(XorChunk.Encoding, encoding);
                Assert.Equal(Chunk(i, LengthFor(i)), buffer.AsSpan(0, length).ToArray());
            }
            for (var i = 0; i < refs.Count; i++) Assert.Equal(Chunk(i, LengthFor(i)), mapper.ReadChunk(refs[i]));
            Assert.True(mapper.FileIndexes.Count > 10, $"only {mapper.FileIndexes.Count} files");
        }

        foreach (var path in Directory.GetFiles(dir.Path)) Assert.InRange(new FileInfo(path).Length, 9, SmallFiles.MaxFileSize);
        using var reopened = HeadChunkDiskMapper.Open(dir.Path, SmallFiles);
        Assert.True(reopened.Repair.IsEmpty);
        for (var i = 0; i < refs.Count; i++) Assert.Equal(Chunk(i, LengthFor(i)), reopened.ReadChunk(refs[i]));
    }

    [Fact]
    public void Read_ChunkStillInWriteBuffer_ReadsItWithoutWritingTheFile()
    {
        using var dir = new TempDataDirectory();
        using var mapper = HeadChunkDiskMapper.Open(dir.Path);

        var chunkRef = mapper.Write(9, 1, 2, XorChunk.Encoding, Chunk(3, 100));

        Assert.Equal(0, new FileInfo(FilePath(dir.Path, 1)).Length);
        Assert.Equal(Chunk(3, 100), mapper.ReadChunk(chunkRef));
    }

    [Fact]
    public void Read_ChunksOnBothSidesOfAFlush_ReadsEach()
    {
        using var dir = new TempDataDirectory();
        using var mapper = HeadChunkDiskMapper.Open(dir.Path, new HeadChunkDiskMapperOptions { WriteBufferSize = 300 });

        var refs = new ulong[10];
        for (var i = 0; i < refs.Length; i++) refs[i] = mapper.Write(1, i, i, XorChunk.Encoding, Chunk(i, 100));

        var onDisk = new FileInfo(FilePath(dir.Path, 1)).Length;
        Assert.InRange(onDisk, 1, mapper.Size - 1);
        for (var i = 0; i < refs.Length; i++) Assert.Equal(Chunk(i, 100), mapper.ReadChunk(refs[i]));
    }

    [Fact]
    public void Write_ChunkLargerThanWriteBufferAndMaxFileSize_StoredInAFileOfItsOwn()
    {
        using var dir = new TempDataDirectory();
        using var mapper = HeadChunkDiskMapper.Open(dir.Path, SmallFiles);

        var small = mapper.Write(1, 0, 1, XorChunk.Encoding, Chunk(1, 10));
        var big = mapper.Write(2, 0, 1, XorChunk.Encoding, Chunk(2, 5000));
        var after = mapper.Write(3, 0, 1, XorChunk.Encoding, Chunk(3, 10));

        Assert.Equal(1, HeadChunkFormat.FileIndexOf(small));
        Assert.Equal(HeadChunkFormat.ChunkRef(2, HeadChunkFormat.FileHeaderSize), big);
        Assert.Equal(HeadChunkFormat.ChunkRef(3, HeadChunkFormat.FileHeaderSize), after);
        Assert.Equal(Chunk(2, 5000), mapper.ReadChunk(big));
        Assert.Equal(Chunk(3, 10), mapper.ReadChunk(after));
    }

    [Fact]
    public void IterateAllChunks_AfterReopen_VisitsEveryChunkInFileOrderWithItsMetadata()
    {
        using var dir = new TempDataDirectory();
        var expected = new List<HeadChunkMeta>();
        using (var mapper = HeadChunkDiskMapper.Open(dir.Path, SmallFiles))
        {
            for (var i = 0; i < 120; i++)
            {
                var samples = new (long, double)[1 + (i % 30)];
                for (var s = 0; s < samples.Length; s++) samples[s] = ((i * 1000) + s, s * 0.5);
                var chunk = XorChunk.Encode(samples).Bytes;
                var chunkRef = mapper.Write((ulong)(i % 7) + 1, i * 1000, (i * 1000) + samples.Length - 1, XorChunk.Encoding, chunk);
                expected.Add(new HeadChunkMeta((ulong)(i % 7) + 1, chunkRef, i * 1000, (i * 1000) + samples.Length - 1, samples.Length, XorChunk.Encoding, chunk.Length));
            }
        }

        using var reopened = HeadChunkDiskMapper.Open(dir.Path, SmallFiles);
        var visited = AllChunks(reopened);

        Assert.Equal(expected, visited);
        Assert.True(visited.Select(m => m.ChunkRef).SequenceEqual(visited.Select(m => m.ChunkRef).Order()), "not in file order");
    }

    [Fact]
    public void IterateAllChunks_ChunksOfTheFileBeingWritten_AreVisited()
    {
        using var dir = new TempDataDirectory();
        using var mapper = HeadChunkDiskMapper.Open(dir.Path);
        var first = mapper.Write(1, 0, 1, XorChunk.Encoding, Chunk(1, 20));
        var second = mapper.Write(2, 2, 3, XorChunk.Encoding, Chunk(2, 20));

        var visited = AllChunks(mapper);

        Assert.Equal([first, second], visited.Select(m => m.ChunkRef));
        Assert.Equal(Chunk(2, 20), mapper.ReadChunk(second));
    }

    [Fact]
    public void Open_AfterRestart_NewChunksGoToANewFile()
    {
        using var dir = new TempDataDirectory();
        using (var mapper = HeadChunkDiskMapper.Open(dir.Path)) mapper.Write(1, 0, 1, XorChunk.Encoding, Chunk(1, 20));

        using var reopened = HeadChunkDiskMapper.Open(dir.Path);
        var chunkRef = reopened.Write(1, 2, 3, XorChunk.Encoding, Chunk(2, 20));

        Assert.Equal(HeadChunkFormat.ChunkRef(2, HeadChunkFormat.FileHeaderSize), chunkRef);
        Assert.Equal([1, 2], reopened.FileIndexes);
    }

    [Fact]
    public void CutNewFile_SealsTheCurrentFileOnlyIfItHoldsAChunk()
    {
        using var dir = new TempDataDirectory();
        using var mapper = HeadChunkDiskMapper.Open(dir.Path);

        mapper.CutNewFile();
        var first = mapper.Write(1, 0, 1, XorChunk.Encoding, Chunk(1, 20));
        mapper.CutNewFile();
        mapper.CutNewFile();
        var second = mapper.Write(1, 2, 3, XorChunk.Encoding, Chunk(2, 20));

        Assert.Equal(1, HeadChunkFormat.FileIndexOf(first));
        Assert.Equal(2, HeadChunkFormat.FileIndexOf(second));
        Assert.Equal(2, Directory.GetFiles(dir.Path).Length);
        Assert.Equal(Chunk(1, 20), mapper.ReadChunk(first));
    }

    [Fact]
    public void Truncate_DeletesOnlyCompleteFilesBelowTheIndex()
    {
        using var dir = new TempDataDirectory();
        using var mapper = HeadChunkDiskMapper.Open(dir.Path);
        var refs = new ulong[5];
        for (var i = 0; i < refs.Length; i++)
        {
            refs[i] = mapper.Write(1, i, i, XorChunk.Encoding, Chunk(i, 50));
            if (i < refs.Length - 1) mapper.CutNewFile();
        }
        var sizeBefore = mapper.Size;

        Assert.Equal(3, mapper.Truncate(4));
        Assert.Equal(0, mapper.Truncate(4));
        Assert.Equal(1, mapper.Truncate(100));

        Assert.Equal([5], mapper.FileIndexes);
        Assert.Equal([HeadChunkFormat.FileName(5)], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal(Chunk(4, 50), mapper.ReadChunk(refs[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => mapper.ReadChunk(refs[0]));
        Assert.Equal(sizeBefore - (4 * (8 + HeadChunkFormat.EncodedSize(50))), mapper.Size);
    }

    [Fact]
    public void Truncate_ThenRestart_SequenceContinuesAfterTheKeptFiles()
    {
        using var dir = new TempDataDirectory();
        using (var mapper = HeadChunkDiskMapper.Open(dir.Path))
        {
            for (var i = 0; i < 4; i++)
            {
                mapper.Write(1, i, i, XorChunk.Encoding, Chunk(i, 50));
                mapper.CutNewFile();
            }
            mapper.Truncate(3);
        }

        using var reopened = HeadChunkDiskMapper.Open(dir.Path);
        var chunkRef = reopened.Write(1, 9, 9, XorChunk.Encoding, Chunk(9, 50));

        Assert.Equal([3, 4, 5], reopened.FileIndexes);
        Assert.Equal(5, HeadChunkFormat.FileIndexOf(chunkRef));
    }

    [Fact]
    public void DeleteFilesFrom_DropsThatFileAndLaterOnes_AndWritingContinuesTheSequence()
    {
        using var dir = new TempDataDirectory();
        using var mapper = HeadChunkDiskMapper.Open(dir.Path);
        for (var i = 0; i < 3; i++)
        {
            mapper.Write(1, i, i, XorChunk.Encoding, Chunk(i, 50));
            mapper.CutNewFile();
        }
        mapper.Write(1, 3, 3, XorChunk.Encoding, Chunk(3, 50));

        Assert.Equal(3, mapper.DeleteFilesFrom(2));
        var chunkRef = mapper.Write(1, 4, 4, XorChunk.Encoding, Chunk(4, 50));

        Assert.Equal([1, 2], mapper.FileIndexes);
        Assert.Equal(HeadChunkFormat.ChunkRef(2, HeadChunkFormat.FileHeaderSize), chunkRef);
        Assert.Equal(Chunk(4, 50), mapper.ReadChunk(chunkRef));
    }

    [Fact]
    public void Size_AfterFlush_EqualsTheBytesOnDisk()
    {
        using var dir = new TempDataDirectory();
        using var mapper = HeadChunkDiskMapper.Open(dir.Path, SmallFiles);
        for (var i = 0; i < 50; i++) mapper.Write(1, i, i, XorChunk.Encoding, Chunk(i, LengthFor(i)));

        mapper.Flush();

        Assert.Equal(Directory.GetFiles(dir.Path).Sum(p => new FileInfo(p).Length), mapper.Size);
        Assert.Equal(50, mapper.ChunksWritten);
    }

    [Fact]
    public void Dispose_ThenRead_ThrowsObjectDisposed()
    {
        using var dir = new TempDataDirectory();
        var mapper = HeadChunkDiskMapper.Open(dir.Path);
        var chunkRef = mapper.Write(1, 0, 1, XorChunk.Encoding, Chunk(1, 20));
        mapper.CutNewFile();

        mapper.Dispose();

        Assert.Throws<ObjectDisposedException>(() => mapper.ReadChunk(chunkRef));
        Assert.Throws<ObjectDisposedException>(() => mapper.Write(1, 0, 1, XorChunk.Encoding, Chunk(1, 20)));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(0x1_0000_0000L)]
    public void Open_MaxFileSizeOutsideWhatARefCanAddress_Throws(long maxFileSize)
    {
        using var dir = new TempDataDirectory();

        Assert.Throws<ArgumentOutOfRangeException>(() => HeadChunkDiskMapper.Open(dir.Path, new HeadChunkDiskMapperOptions { MaxFileSize = maxFileSize }));
    }
}
