namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>Timestamps from <see cref="StartMs"/> to <see cref="EndMs"/> inclusive, every <see cref="StepMs"/>.</summary>
public readonly record struct RangeGrid(long StartMs, long EndMs, long StepMs)
{
    public IReadOnlyList<long> Timestamps()
    {
        var list = new List<long>();
        if (StepMs <= 0) return [StartMs];
        for (var t = StartMs; t <= EndMs; t += StepMs) list.Add(t);
        return list;
    }
}
