namespace MetricsServer.Web.Flags;

/// <summary>How a flag's value is written on the command line and parsed.</summary>
public enum FlagKind
{
    /// <summary>Any text, the empty string included.</summary>
    String,

    /// <summary>A switch: bare <c>--x</c> is true, <c>--no-x</c> false, <c>--x=true|false</c> either.</summary>
    Bool,

    /// <summary>Prometheus's duration syntax (<c>15s</c>, <c>1h30m</c>, <c>2w</c>).</summary>
    Duration,

    /// <summary>A byte size with a base-2 unit (<c>512MB</c>).</summary>
    Size,

    /// <summary>A whole number; exponent notation such as <c>5e7</c> is accepted when the value is whole.</summary>
    Int,

    /// <summary>A floating-point number.</summary>
    Float,

    /// <summary>One of a fixed set of words.</summary>
    Enum,

    /// <summary>A flag that may be repeated; each occurrence adds to the list.</summary>
    StringList,
}
