namespace MetricsServer.Model.Storage;

/// <summary>Something that can be read over a time range (Prometheus's Queryable). Thread-safe.</summary>
public interface IQueryableStorage
{
    /// <summary>A querier over [<paramref name="minTimeMs"/>, <paramref name="maxTimeMs"/>], both inclusive. Dispose it when done.</summary>
    IQuerier Querier(long minTimeMs, long maxTimeMs);
}
