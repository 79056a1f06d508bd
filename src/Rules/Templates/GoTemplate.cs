using System.Text.RegularExpressions;

namespace MetricsServer.Rules.Templates;

/// <summary>
/// A parsed Go <c>text/template</c> in Prometheus's dialect (see <see cref="TemplateFunctions"/>). Immutable and
/// thread-safe once parsed; each <see cref="Execute"/> has its own state.
/// </summary>
public sealed class GoTemplate
{
    private readonly string _name;
    private readonly List<TemplateNode> _root;
    private readonly Dictionary<string, List<TemplateNode>> _defines;

    private GoTemplate(string name, List<TemplateNode> root, Dictionary<string, List<TemplateNode>> defines)
    {
        _name = name;
        _root = root;
        _defines = defines;
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="name"/> appears in error messages.</summary>
    /// <exception cref="TemplateException">The text is not a valid template.</exception>
    public static GoTemplate Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (root, defines) = new TemplateParser(name, TemplateFunctions.Names).Parse(text);
        return new GoTemplate(name, root, defines);
    }

    /// <summary>Runs the template with <paramref name="data"/> as dot.</summary>
    /// <exception cref="TemplateException">Execution failed; the message reads as Go's.</exception>
    public string Execute(object? data, TemplateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return new TemplateExecutor(_name, _defines, context).Run(_root, data);
        }
        catch (TemplateException)
        {
            throw;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or RegexMatchTimeoutException or OverflowException or InvalidCastException)
        {
            throw new TemplateException($"template: {_name}: {e.Message}", e);
        }
    }
}
