using MetricsServer.Model.Labels;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// One series to be written into a block: its labels and its chunks in time order, not overlapping (each chunk's
/// first timestamp at or after the previous chunk's last).
/// </summary>
public sealed record BlockSeries(LabelSet Labels, IReadOnlyList<BlockChunk> Chunks);
