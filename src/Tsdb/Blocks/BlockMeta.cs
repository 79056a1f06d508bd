using System.Text.Json;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// A block's <c>meta.json</c> (docs/format/meta.md): its ULID, its time range [MinTimeMs, MaxTimeMs) with the end
/// exclusive as in Prometheus, sample/series/chunk counts, compaction level and sources, and format version 1.
/// Immutable.
/// </summary>
public sealed record BlockMeta(
    Ulid Ulid,
    long MinTimeMs,
    long MaxTimeMs,
    long NumSamples,
    long NumSeries,
    long NumChunks,
    int CompactionLevel,
    IReadOnlyList<Ulid> Sources,
    int Version = 1,
    long NumTombstones = 0,
    IReadOnlyList<BlockParent>? Parents = null)
{
    public const string FileName = "meta.json";

    /// <summary>The blocks this one was compacted from; empty for a block cut from the head.</summary>
    public IReadOnlyList<BlockParent> Parents { get; init; } = Parents ?? [];

    /// <summary>The JSON as Prometheus writes it (tab-indented); fields we do not know are not written.</summary>
    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentCharacter = '\t', IndentSize = 1 }))
        {
            w.WriteStartObject();
            w.WriteString("ulid", Ulid.ToString());
            w.WriteNumber("minTime", MinTimeMs);
            w.WriteNumber("maxTime", MaxTimeMs);
            w.WriteStartObject("stats");
            w.WriteNumber("numSamples", NumSamples);
            w.WriteNumber("numSeries", NumSeries);
            w.WriteNumber("numChunks", NumChunks);
            if (NumTombstones != 0) w.WriteNumber("numTombstones", NumTombstones);
            w.WriteEndObject();
            w.WriteStartObject("compaction");
            w.WriteNumber("level", CompactionLevel);
            w.WriteStartArray("sources");
            foreach (var s in Sources) w.WriteStringValue(s.ToString());
            w.WriteEndArray();
            if (Parents.Count > 0)
            {
                w.WriteStartArray("parents");
                foreach (var p in Parents)
                {
                    w.WriteStartObject();
                    w.WriteString("ulid", p.Ulid.ToString());
                    w.WriteNumber("minTime", p.MinTimeMs);
                    w.WriteNumber("maxTime", p.MaxTimeMs);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteNumber("version", Version);
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>Parses <c>meta.json</c>; unknown fields (hints, deletable, failed, thanos) are ignored.</summary>
    /// <exception cref="BlockFormatException">Not JSON, a field missing or of the wrong type, or a version other than 1.</exception>
    public static BlockMeta Parse(ReadOnlySpan<byte> json, string file)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            var version = root.GetProperty("version").GetInt32();
            if (version != 1) throw new BlockFormatException(file, "meta", $"unsupported meta.json version {version}");
            var ulidText = root.GetProperty("ulid").GetString() ?? string.Empty;
            if (!Ulid.TryParse(ulidText, out var ulid)) throw new BlockFormatException(file, "meta", $"'{ulidText}' is not a ULID");
            var stats = root.TryGetProperty("stats", out var s) ? s : default;
            var compaction = root.GetProperty("compaction");
            var sources = new List<Ulid>();
            if (compaction.TryGetProperty("sources", out var src) && src.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in src.EnumerateArray())
                {
                    var text = e.GetString() ?? string.Empty;
                    if (!Ulid.TryParse(text, out var u)) throw new BlockFormatException(file, "meta", $"source '{text}' is not a ULID");
                    sources.Add(u);
                }
            }
            var parents = new List<BlockParent>();
            if (compaction.TryGetProperty("parents", out var par) && par.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in par.EnumerateArray())
                {
                    var text = e.GetProperty("ulid").GetString() ?? string.Empty;
                    if (!Ulid.TryParse(text, out var u)) throw new BlockFormatException(file, "meta", $"parent '{text}' is not a ULID");
                    parents.Add(new BlockParent(u, e.GetProperty("minTime").GetInt64(), e.GetProperty("maxTime").GetInt64()));
                }
            }
            return new BlockMeta(
                ulid,
                root.GetProperty("minTime").GetInt64(),
                root.GetProperty("maxTime").GetInt64(),
                Stat(stats, "numSamples"),
                Stat(stats, "numSeries"),
                Stat(stats, "numChunks"),
                compaction.GetProperty("level").GetInt32(),
                sources,
                version,
                Stat(stats, "numTombstones"),
                parents.Count == 0 ? null : parents);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new BlockFormatException(file, "meta", e.Message, -1, e);
        }
    }

    private static long Stat(JsonElement stats, string name) =>
        stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty(name, out var v) ? v.GetInt64() : 0;
}
