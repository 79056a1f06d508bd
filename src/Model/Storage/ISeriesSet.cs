namespace MetricsServer.Model.Storage;

/// <summary>
/// A lazy, forward-only set of series. <see cref="Current"/> is valid after <see cref="MoveNext"/> returned true and
/// until the next call. <see cref="Error"/> is set when iteration stopped early because of a failure; warnings travel beside the results.
/// </summary>
public interface ISeriesSet
{
    bool MoveNext();
    ISeries Current { get; }
    Exception? Error { get; }
    IReadOnlyList<string> Warnings { get; }
}
