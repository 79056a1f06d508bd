namespace MetricsServer.Model.Labels;

/// <summary>One label pair. Names and values are plain UTF-16 strings; the head interns them.</summary>
public readonly record struct Label(string Name, string Value)
{
    public override string ToString() => $"{Name}=\"{LabelSet.EscapeValue(Value)}\"";
}
