namespace MetricsServer.Config;

/// <summary>A configuration secret: its value is used, never printed. <see cref="ToString"/> gives <c>&lt;secret&gt;</c>.</summary>
public sealed record Secret(string Value)
{
    public const string Redacted = "<secret>";

    public override string ToString() => Redacted;
}
