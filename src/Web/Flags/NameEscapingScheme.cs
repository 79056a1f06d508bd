namespace MetricsServer.Web.Flags;

/// <summary>The values of <c>--scrape.name-escaping-scheme</c>: how names that are not valid legacy names are escaped.</summary>
public enum NameEscapingScheme
{
    /// <summary><c>values</c>: invalid characters become their code point, <c>U__</c> prefixed.</summary>
    Values,

    /// <summary><c>underscores</c>: invalid characters become <c>_</c>.</summary>
    Underscores,

    /// <summary><c>dots</c>: dots become <c>_dot_</c>, other invalid characters <c>__</c>.</summary>
    Dots,
}
