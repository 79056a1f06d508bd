namespace MetricsServer.Model.Storage;

/// <summary>
/// An opaque reference to a series in one storage. 0 means "unknown": the appender resolves the series by labels.
/// A ref stays valid for the life of the series in that storage; callers cache it to skip label work.
/// </summary>
public readonly record struct SeriesRef(ulong Value)
{
    public static SeriesRef None => default;

    public bool IsNone => Value == 0;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
