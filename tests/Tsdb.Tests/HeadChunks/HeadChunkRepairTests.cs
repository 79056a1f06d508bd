using MetricsServer.Tsdb.Chunks;
using MetricsServer.Tsdb.HeadChunks;
using MetricsServer.Tsdb.Tests.Blocks;
using static MetricsServer.Tsdb.Tests.HeadChunks.HeadChunkTestData;

namespace MetricsServer.Tsdb.Tests.HeadChunks;

public class HeadChunkRepairTests
{
    [Fact]
    public void Open_LastChunkTorn_CutsFileAtLastGoodChunkAndReportsIt()
    {
        using var dir = new TempDataDirectory();
        var refs = WriteOneFile(dir.Path, 10);
        var path = FilePath(dir.Path, 1);
        var fullLength = new FileInfo(path).Length;
        var lastOffset = HeadChunkFormat.OffsetOf(refs[^1]);
        SetLength(path, lastOffset + 20);

        using var mapper = HeadChunkDiskMapper.Open(dir.Path);

        Assert.Equal(1, mapper.Repair.TruncatedFile);
        Assert.Equal(lastOffset, mapper.Repair.TruncatedAt);
        Assert.Equal(20, mapper.Repair.BytesDropped);
        Assert.Contains("ends inside the chunk", mapper.Repair.Reason, StringComparison.Ordinal);
        Assert.Equal(lastOffset, new FileInfo(path).Length);
        Assert.True(fullLength > lastOffset + 20);
        Assert.Equal(refs[..^1], AllChunks(mapper).Select(m => m.ChunkRef));
        for (var i = 0; i < refs.Length - 1; i++) Assert.Equal(Chunk(i, 40), mapper.ReadChunk(refs[i]));
        Assert.Throws<ArgumentOutOfRangeException>(() => mapper.ReadChunk(refs[^1]));
    }

    [Fact]
    public void Open_TornInsideTheLengthField_CutsThere()
    {
        using var dir = new TempDataDirectory();
        var refs = WriteOneFile(dir.Path, 3, dataLength: 300);
        var lastOffset = HeadChunkFormat.OffsetOf(refs[^1]);
        SetLength(FilePath(dir.Path, 1), lastOffset + HeadChunkFormat.ChunkFixedHeaderSize + 1);

        using var mapper = HeadChunkDiskMapper.Open(dir.Path);

        Assert.Equal(lastOffset, mapper.Repair.TruncatedAt);
        Assert.Equal(2, AllChunks(mapper).Count);
    }

    [Fact]
    public void Open_ChecksumMismatchInLastFile_CutsFromTheBadChunk()
    {
        using var dir = new TempDataDirectory();
        var refs = WriteOneFile(dir.Path, 6);
        var path = FilePath(dir.Path, 1);
        var badOffset = HeadChunkFormat.OffsetOf(refs[3]);
        FlipByte(path, badOffset + 30);

        using var mapper = HeadChunkDiskMapper.Open(dir.Path);

        Assert.Equal(badOffset, mapper.Repair.TruncatedAt);
        Assert.Contains("checksum", mapper.Repair.Reason, StringComparison.Ordinal);
        Assert.Equal(refs[..3], AllChunks(mapper).Select(m => m.ChunkRef));
    }

    [Fact]
    public void Open_TrailingFilesWithoutChunks_DeletedAndReported()
    {
        using var dir = new TempDataDirectory();
        var refs = WriteOneFile(dir.Path, 2);
        File.WriteAllBytes(FilePath(dir.Path, 2), [0x01, 0x30, 0xBC, 0x91, 0x01, 0, 0, 0]);
        File.WriteAllBytes(FilePath(dir.Path, 3), [0x01, 0x30]);
        File.WriteAllBytes(FilePath(dir.Path, 4), []);

        using var mapper = HeadChunkDiskMapper.Open(dir.Path);

        Assert.Equal([4, 3, 2], mapper.Repair.DeletedFiles);
        Assert.Equal(-1, mapper.Repair.TruncatedFile);
        Assert.Equal([HeadChunkFormat.FileName(1)], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal(refs, AllChunks(mapper).Select(m => m.ChunkRef));
        Assert.Equal(2, HeadChunkFormat.FileIndexOf(mapper.Write(1, 0, 0, XorChunk.Encoding, Chunk(0, 10))));
    }

    [Fact]
    public void Open_ZeroPaddingAfterLastChunk_TrimmedWithoutAReport()
    {
        // Prometheus preallocates head chunk files; zeros where the next chunk would start mean "no more chunks".
        using var dir = new TempDataDirectory();
        var refs = WriteOneFile(dir.Path, 3);
        var path = FilePath(dir.Path, 1);
        var length = new FileInfo(path).Length;
        SetLength(path, length + 10_000);

        using var mapper = HeadChunkDiskMapper.Open(dir.Path);

        Assert.True(mapper.Repair.IsEmpty);
        Assert.Equal(length, new FileInfo(path).Length);
        Assert.Equal(refs, AllChunks(mapper).Select(m => m.ChunkRef));
    }

    [Fact]
    public void Open_GarbageAfterZeroHeader_CutAndReported()
    {
        using var dir = new TempDataDirectory();
        WriteOneFile(dir.Path, 3);
        var path = FilePath(dir.Path, 1);
        var length = new FileInfo(path).Length;
        using (var f = new FileStream(path, FileMode.Append)) f.Write([.. new byte[40], 0x55]);

        using var mapper = HeadChunkDiskMapper.Open(dir.Path);

        Assert.Equal(length, mapper.Repair.TruncatedAt);
        Assert.Equal(41, mapper.Repair.BytesDropped);
    }

    [Fact]
    public void Open_EveryChunkOfLastFileBad_DeletesItAndKeepsTheFileBefore()
    {
        using var dir = new TempDataDirectory();
        ulong kept;
        ulong lost;
        using (var mapper = HeadChunkDiskMapper.Open(dir.Path))
        {
            kept = mapper.Write(1, 0, 0, XorChunk.Encoding, Chunk(1, 40));
            mapper.CutNewFile();
            lost = mapper.Write(1, 1, 1, XorChunk.Encoding, Chunk(2, 40));
        }
        FlipByte(FilePath(dir.Path, 2), HeadChunkFormat.OffsetOf(lost) + 2);

        using var reopened = HeadChunkDiskMapper.Open(dir.Path);

        Assert.Equal([2], reopened.Repair.DeletedFiles);
        Assert.Contains("checksum", reopened.Repair.Reason, StringComparison.Ordinal);
        Assert.Equal([kept], AllChunks(reopened).Select(m => m.ChunkRef));
    }

    [Fact]
    public void Open_OlderFileWithBadMagic_Throws()
    {
        using var dir = new TempDataDirectory();
        WriteFiles(dir.Path, 2);
        FlipByte(FilePath(dir.Path, 1), 0);

        var e = Assert.Throws<HeadChunkCorruptionException>(() => HeadChunkDiskMapper.Open(dir.Path));

        Assert.Equal(1, e.FileIndex);
        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_GapInFileSequence_Throws()
    {
        using var dir = new TempDataDirectory();
        WriteFiles(dir.Path, 3);
        File.Delete(FilePath(dir.Path, 2));

        var e = Assert.Throws<HeadChunkCorruptionException>(() => HeadChunkDiskMapper.Open(dir.Path));

        Assert.Equal(3, e.FileIndex);
    }

    [Fact]
    public void ReadAndIterate_ChecksumMismatchInOlderFile_ThrowCorruptionNamingTheFile()
    {
        using var dir = new TempDataDirectory();
        var refs = WriteFiles(dir.Path, 3);
        FlipByte(FilePath(dir.Path, 2), HeadChunkFormat.OffsetOf(refs[1]) + 30);

        using var mapper = HeadChunkDiskMapper.Open(dir.Path);
        var read = Assert.Throws<HeadChunkCorruptionException>(() => mapper.ReadChunk(refs[1]));
        var iterate = Assert.Throws<HeadChunkCorruptionException>(() => AllChunks(mapper));

        Assert.True(mapper.Repair.IsEmpty);
        Assert.Equal(2, read.FileIndex);
        Assert.Equal(HeadChunkFormat.OffsetOf(refs[1]), read.Offset);
        Assert.Equal(2, iterate.FileIndex);
        Assert.Equal(Chunk(0, 40), mapper.ReadChunk(refs[0]));
    }

    [Fact]
    public void Open_RandomCorruptionOfLastFile_OnlyRepairsOrThrowsCorruption_AndKeptChunksAreIntact()
    {
        var random = new Random(1234);
        for (var round = 0; round < 40; round++)
        {
            using var dir = new TempDataDirectory();
            var refs = WriteOneFile(dir.Path, 8);
            var path = FilePath(dir.Path, 1);
            var bytes = File.ReadAllBytes(path);
            for (var flips = random.Next(1, 4); flips > 0; flips--) bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
            if (random.Next(2) == 0) bytes = bytes[..random.Next(bytes.Length)];
            File.WriteAllBytes(path, bytes);

            HeadChunkDiskMapper mapper;
            try
            {
                mapper = HeadChunkDiskMapper.Open(dir.Path);
            }
            catch (HeadChunkCorruptionException)
            {
                continue; // A header we do not understand is refused, never guessed at.
            }
            using (mapper)
            {
                foreach (var meta in AllChunks(mapper))
                {
                    var i = Array.IndexOf(refs, meta.ChunkRef);
                    Assert.True(i >= 0, $"round {round}: chunk at unexpected ref {meta.ChunkRef:X}");
                    Assert.Equal(Chunk(i, 40), mapper.ReadChunk(meta.ChunkRef));
                }
            }
        }
    }

    private static ulong[] WriteOneFile(string directory, int chunks, int dataLength = 40)
    {
        var refs = new ulong[chunks];
        using var mapper = HeadChunkDiskMapper.Open(directory);
        for (var i = 0; i < chunks; i++) refs[i] = mapper.Write((ulong)i + 1, i, i, XorChunk.Encoding, Chunk(i, dataLength));
        return refs;
    }

    private static ulong[] WriteFiles(string directory, int files)
    {
        var refs = new ulong[files];
        using var mapper = HeadChunkDiskMapper.Open(directory);
        for (var i = 0; i < files; i++)
        {
            refs[i] = mapper.Write(1, i, i, XorChunk.Encoding, Chunk(i, 40));
            mapper.CutNewFile();
        }
        return refs;
    }

    private static void SetLength(string path, long length)
    {
        using var f = new FileStream(path, FileMode.Open);
        f.SetLength(length);
    }

    private static void FlipByte(string path, long offset)
    {
        using var f = new FileStream(path, FileMode.Open);
        f.Position = offset;
        var b = f.ReadByte();
        f.Position = offset;
        f.WriteByte((byte)(b ^ 0xFF));
    }
}
