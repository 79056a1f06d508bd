using MetricsServer.Model.Labels;
using MetricsServer.Rules.Templates;

namespace MetricsServer.Rules.Tests.Templates;

public sealed class GoTemplateTests
{
    private static string Expand(string text, double value = 0)
    {
        var labels = LabelSet.FromStrings("__name__", "up", "instance", "node-1.example.com:9100", "job", "node", "env", "prod");
        var external = LabelSet.FromStrings("cluster", "eu1");
        var context = new TemplateContext
        {
            ExternalUrl = new Uri("http://prom.example/prefix/"),
            Query = q => [(new Dictionary<string, string> { ["instance"] = "x" }, 42.5)],
        };
        var result = AlertTemplate.Expand("__alert_T", text, labels, value, external, context, out var error);
        Assert.True(error is null, error);
        return result;
    }

    [Theory]
    [InlineData("{{ $labels.instance }}", 0, "node-1.example.com:9100")]
    [InlineData("{{ $labels.missing }}", 0, "")]
    [InlineData("{{ $value }}", 1234567, "1.234567e+06")]
    [InlineData("{{ $value }}", 123456, "123456")]
    [InlineData("{{ $value }}", 0.5, "0.5")]
    [InlineData("{{ humanize $value }}", 1234567, "1.235M")]
    [InlineData("{{ humanize $value }}", 0.00123, "1.23m")]
    [InlineData("{{ humanize1024 $value }}", 1048576, "1Mi")]
    [InlineData("{{ humanizeDuration $value }}", 93784, "1d 2h 3m 4s")]
    [InlineData("{{ humanizeDuration $value }}", 0.25, "250ms")]
    [InlineData("{{ humanizePercentage $value }}", 0.1234, "12.34%")]
    [InlineData("{{ humanizeTimestamp $value }}", 1435065584.128, "2015-06-23 13:19:44.128 +0000 UTC")]
    [InlineData("{{ printf \"%.2f\" $value }}", 3.14159, "3.14")]
    [InlineData("{{ printf \"%s=%d\" \"a\" 5 }}", 0, "a=5")]
    [InlineData("{{ $labels.job | toUpper }}", 0, "NODE")]
    [InlineData("{{ toLower \"ABC\" }} {{ title \"hello world\" }}", 0, "abc Hello World")]
    [InlineData("{{ reReplaceAll \"(.*):.*\" \"$1\" $labels.instance }}", 0, "node-1.example.com")]
    [InlineData("{{ stripPort $labels.instance }} {{ stripDomain $labels.instance }}", 0, "node-1.example.com node-1:9100")]
    [InlineData("{{ if match \"^pr\" $labels.env }}yes{{ else }}no{{ end }}", 0, "yes")]
    [InlineData("{{ if gt $value 10.0 }}high{{ else if gt $value 5.0 }}mid{{ else }}low{{ end }}", 7, "mid")]
    [InlineData("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}", 0, "__name__=up;env=prod;instance=node-1.example.com:9100;job=node;")]
    [InlineData("{{ with $labels.job }}job {{ . }}{{ end }}{{ with $labels.nope }}never{{ end }}", 0, "job node")]
    [InlineData("{{ $externalLabels.cluster }} {{ $externalURL }} {{ pathPrefix }}", 0, "eu1 http://prom.example/prefix /prefix")]
    [InlineData("a {{- \" b \" -}} c", 0, "a b c")]
    [InlineData("{{/* comment */}}x", 0, "x")]
    [InlineData("{{ with query \"up\" }}{{ . | first | value }} {{ . | first | label \"instance\" }}{{ end }}", 0, "42.5 x")]
    [InlineData("{{ $x := 1 }}{{ if eq $x 1 }}one{{ end }}", 0, "one")]
    [InlineData("{{ define \"t\" }}[{{ . }}]{{ end }}{{ template \"t\" \"z\" }}", 0, "[z]")]
    public void Expand_MatchesPrometheusOutput(string text, double value, string expected) =>
        Assert.Equal(expected, Expand(text, value));

    [Theory]
    [InlineData("{{ $labels.x ", "unclosed action")]
    [InlineData("{{ nosuch 1 }}", "function \"nosuch\" not defined")]
    [InlineData("{{ if }}", "missing value for if")]
    [InlineData("{{ if 1 }}", "unexpected EOF")]
    [InlineData("{{ end }}", "unexpected {{end}}")]
    [InlineData("{{ $undefined }}", "undefined variable \"$undefined\"")]
    public void Parse_Invalid_ThrowsGoMessage(string text, string expected)
    {
        var e = Assert.Throws<TemplateException>(() => AlertTemplate.Parse("__alert_T", text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("template: __alert_T:1: ", e.Message, StringComparison.Ordinal);
    }
}
