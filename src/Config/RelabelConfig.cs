namespace MetricsServer.Config;

/// <summary>
/// One relabeling step, as written in <c>relabel_configs</c> and friends, with Prometheus's defaults
/// (separator <c>;</c>, regex <c>(.*)</c>, replacement <c>$1</c>, action <c>replace</c>). The regex is validated by
/// the loader and compiled by the relabel engine.
/// </summary>
public sealed class RelabelConfig
{
    public List<string> SourceLabels { get; set; } = [];
    public string Separator { get; set; } = ";";
    public string Regex { get; set; } = "(.*)";
    public ulong Modulus { get; set; }
    public string? TargetLabel { get; set; }
    public string Replacement { get; set; } = "$1";
    public RelabelAction Action { get; set; } = RelabelAction.Replace;
}
