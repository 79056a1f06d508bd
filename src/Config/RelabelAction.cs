namespace MetricsServer.Config;

/// <summary>Relabel actions; the YAML spelling is the lower-case name (<c>labelmap</c>, <c>keepequal</c>, ...).</summary>
public enum RelabelAction
{
    Replace,
    Keep,
    Drop,
    KeepEqual,
    DropEqual,
    HashMod,
    LabelMap,
    LabelDrop,
    LabelKeep,
    Lowercase,
    Uppercase,
}
