namespace MetricsServer.Model.Storage;

/// <summary>A series set with no series, no error and no warnings. Stateless, so one instance serves everyone.</summary>
internal sealed class EmptySeriesSet : ISeriesSet
{
    public static readonly EmptySeriesSet Instance = new();

    private EmptySeriesSet()
    {
    }

    public bool MoveNext() => false;

    public ISeries Current => throw new InvalidOperationException("no current series");

    public Exception? Error => null;

    public IReadOnlyList<string> Warnings => [];
}
