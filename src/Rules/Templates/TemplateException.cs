namespace MetricsServer.Rules.Templates;

/// <summary>
/// A template failed to parse or to execute. The message reads as Go's <c>text/template</c> errors do
/// (<c>template: __alert_A:1: function "x" not defined</c>), because users compare it with Prometheus's.
/// </summary>
public sealed class TemplateException : Exception
{
    public TemplateException()
    {
    }

    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
