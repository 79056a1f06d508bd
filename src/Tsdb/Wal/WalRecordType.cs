namespace MetricsServer.Tsdb.Wal;

/// <summary>The first byte of a record: what its payload holds. Values are Prometheus's and fixed by the format.</summary>
public enum WalRecordType : byte
{
    Series = 1,
    Samples = 2,
    Tombstones = 3,
    Exemplars = 4,
    MmapMarkers = 5,
    Metadata = 6,
    HistogramSamples = 7,
    FloatHistogramSamples = 8,
    CustomBucketsHistogramSamples = 9,
    CustomBucketsFloatHistogramSamples = 10,
    SamplesV2 = 11,
    HistogramSamplesV2 = 12,
    FloatHistogramSamplesV2 = 13,
    MinValidTime = 14,

    /// <summary>Any other first byte (or an empty record): a newer Prometheus's record, skipped on replay.</summary>
    Unknown = 255,
}
