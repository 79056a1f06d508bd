using System.Buffers.Binary;
using CsCheck;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Tests.Blocks;

public sealed class IndexReaderTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();
    private readonly string _blockDir;
    private readonly byte[] _index;

    public IndexReaderTests()
    {
        var data = BlockTestData.Generate(count: 12, chunksPerSeries: 2, samplesPerChunk: 8);
        var meta = new BlockWriter(TimeProvider.System).Write(_dir.Path, data.ConvertAll(d => d.Series));
        _blockDir = Path.Combine(_dir.Path, meta.Ulid.ToString());
        _index = File.ReadAllBytes(Path.Combine(_blockDir, "index"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Parse_BadSymbolTableChecksum_NamesFileAndSection()
    {
        var bytes = (byte[])_index.Clone();
        // The symbol table starts right after the 5-byte header: its length, count, then the first symbol.
        bytes[5 + 8 + 2] ^= 0x01;
        var e = Assert.Throws<BlockFormatException>(() => IndexReader.Parse(bytes, "/blocks/x/index"));
        Assert.Equal("/blocks/x/index", e.FilePath);
        Assert.Equal("symbol table", e.Section);
        Assert.Contains("checksum mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains("/blocks/x/index", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadTocChecksum_NamesToc()
    {
        var bytes = (byte[])_index.Clone();
        bytes[^10] ^= 0x80;
        var e = Assert.Throws<BlockFormatException>(() => IndexReader.Parse(bytes, "index"));
        Assert.Equal("TOC", e.Section);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(40)]
    [InlineData(200)]
    public void Parse_Truncated_ThrowsBlockFormatException(int keep)
    {
        var e = Assert.Throws<BlockFormatException>(() => IndexReader.Parse(_index.AsSpan(0, Math.Min(keep, _index.Length)).ToArray(), "index"));
        Assert.Equal("index", e.FilePath);
    }

    [Fact]
    public void Parse_TruncatedByOneByte_ThrowsBlockFormatException()
    {
        Assert.Throws<BlockFormatException>(() => IndexReader.Parse(_index.AsSpan(0, _index.Length - 1).ToArray(), "index"));
    }

    [Fact]
    public void Parse_BadMagicOrVersion_NamesHeader()
    {
        var bytes = (byte[])_index.Clone();
        bytes[0] = 0;
        Assert.Equal("header", Assert.Throws<BlockFormatException>(() => IndexReader.Parse(bytes, "index")).Section);
        bytes = (byte[])_index.Clone();
        bytes[4] = 1;
        var e = Assert.Throws<BlockFormatException>(() => IndexReader.Parse(bytes, "index"));
        Assert.Contains("version 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Series_BadEntryChecksum_NamesSeriesSection()
    {
        var reader = IndexReader.Parse(_index, "index");
        var r = reader.AllPostings()[3];
        var bytes = (byte[])_index.Clone();
        bytes[r * 16 + 2] ^= 0x04;
        var corrupt = IndexReader.Parse(bytes, "index");
        var e = Assert.Throws<BlockFormatException>(() => corrupt.Series(r, []));
        Assert.Equal("series", e.Section);
        Assert.Equal(r * 16L, e.Offset);
    }

    [Fact]
    public void Mutated_AnyBytes_OnlyBlockFormatExceptionEscapes()
    {
        Gen.Select(Gen.Int[0, _index.Length - 1], Gen.Byte).Array[1, 6].Select(Gen.Int[0, 3]).Sample((mutations, truncate) =>
        {
            var bytes = (byte[])_index.Clone();
            foreach (var (pos, b) in mutations) bytes[pos] = b;
            if (truncate == 0) bytes = bytes.AsSpan(0, mutations[0].Item1).ToArray();
            ReadEverything(bytes);
        }, iter: 500);
    }

    [Fact]
    public void Mutated_SeriesEntryWithValidChecksum_OnlyBlockFormatExceptionEscapes()
    {
        // Fixing up the checksum after the mutation gets past the CRC into the entry decoder itself.
        var refs = IndexReader.Parse(_index, "index").AllPostings();
        Gen.Select(Gen.Int[0, refs.Length - 1], Gen.Int[0, 40], Gen.Byte).Sample((which, at, value) =>
        {
            var bytes = (byte[])_index.Clone();
            var offset = (int)refs[which] * 16;
            var len = bytes[offset];
            Assert.True(len < 0x80, "test entries are under 128 bytes, so the length is one byte");
            bytes[offset + 1 + (at % len)] = value;
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset + 1 + len), Crc32C.Compute(bytes.AsSpan(offset + 1, len)));
            ReadEverything(bytes);
        }, iter: 500);
    }

    [Fact]
    public void MutatedChunkFile_IteratorReportsBlockFormatError()
    {
        var chunkPath = Path.Combine(_blockDir, "chunks", "000001");
        var original = File.ReadAllBytes(chunkPath);
        Gen.Select(Gen.Int[8, original.Length - 1], Gen.Byte[1, 255]).Sample((pos, xor) =>
        {
            var bytes = (byte[])original.Clone();
            bytes[pos] ^= xor;
            File.WriteAllBytes(chunkPath, bytes);
            using var block = BlockReader.Open(_blockDir);
            using var q = block.Querier(long.MinValue, long.MaxValue);
            var set = q.Select(false, null, new Model.Labels.Matcher(Model.Labels.MatchType.Regex, "__name__", ".+"));
            var errors = 0;
            while (set.MoveNext())
            {
                var it = set.Current.Iterator();
                while (it.Next() != ValueKind.None)
                {
                }
                if (it.Error is not null)
                {
                    Assert.IsType<BlockFormatException>(it.Error);
                    Assert.Contains("000001", ((BlockFormatException)it.Error).FilePath, StringComparison.Ordinal);
                    errors++;
                }
            }
            // Every chunk is covered by its checksum, so flipping any bit of any chunk is noticed by exactly one series.
            Assert.Equal(1, errors);
        }, iter: 100, threads: 1);
        File.WriteAllBytes(chunkPath, original);
    }

    private static void ReadEverything(byte[] bytes)
    {
        IndexReader reader;
        try
        {
            reader = IndexReader.Parse(bytes, "index");
        }
        catch (BlockFormatException)
        {
            return;
        }
        var chunks = new List<ChunkMeta>();
        foreach (var name in reader.LabelNames())
        {
            foreach (var value in reader.LabelValues(name))
            {
                try
                {
                    foreach (var r in reader.Postings(name, value))
                    {
                        try
                        {
                            reader.Series(r, chunks);
                        }
                        catch (BlockFormatException)
                        {
                        }
                    }
                }
                catch (BlockFormatException)
                {
                }
            }
        }
        try
        {
            foreach (var r in reader.AllPostings())
            {
                try
                {
                    reader.Series(r, chunks);
                }
                catch (BlockFormatException)
                {
                }
            }
        }
        catch (BlockFormatException)
        {
        }
    }
}
