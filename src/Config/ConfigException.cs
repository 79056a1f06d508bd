using System.Globalization;

namespace MetricsServer.Config;

/// <summary>
/// A configuration file was malformed or invalid. The message always starts with <c>file:line[:column]:</c> and names
/// the field, like Prometheus's own messages (<c>prometheus.yml:12:5: field scrape_intervall not found in type
/// config.ScrapeConfig</c>).
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException()
        : this("invalid configuration")
    {
    }

    public ConfigException(string message)
        : base(message)
    {
        File = string.Empty;
        Field = string.Empty;
        Reason = message;
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = string.Empty;
        Field = string.Empty;
        Reason = message;
    }

    public ConfigException(string file, int line, int column, string field, string reason, Exception? innerException = null)
        : base(Format(file, line, column, reason), innerException)
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
        Reason = reason;
    }

    /// <summary>The file as named to the loader, or <c>&lt;config&gt;</c> for text loaded without one.</summary>
    public string File { get; }

    /// <summary>1-based line; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column; 0 when only the line is known.</summary>
    public int Column { get; }

    /// <summary>The path of the offending field, like <c>scrape_configs[0].scrape_timeout</c>.</summary>
    public string Field { get; }

    /// <summary>The message without its location prefix.</summary>
    public string Reason { get; }

    private static string Format(string file, int line, int column, string reason) =>
        line <= 0 ? $"{file}: {reason}"
        : column > 0 ? string.Create(CultureInfo.InvariantCulture, $"{file}:{line}:{column}: {reason}")
        : string.Create(CultureInfo.InvariantCulture, $"{file}:{line}: {reason}");
}
