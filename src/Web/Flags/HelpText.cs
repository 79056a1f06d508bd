using System.Text;

namespace MetricsServer.Web.Flags;

/// <summary>
/// <c>--help</c> in kingpin's layout: the usage line, a description, then each visible flag with its default
/// (<c>--config.file="prometheus.yml"</c>), placeholder (<c>--web.external-url=&lt;URL&gt;</c>), <c>--[no-]</c> for
/// booleans and <c>...</c> for repeatable flags, its help wrapped beside it.
/// </summary>
public static class HelpText
{
    private const int Width = 100;
    private const int MaxLeftColumn = 36;

    public static string Render(FlagTable table, string appName = BuildInfo.AppName)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = new List<(string Left, string Help)>
        {
            ("-h, --help", "Show context-sensitive help."),
            ("    --version", "Show application version."),
        };
        foreach (var flag in table.Flags)
        {
            if (flag.Hidden) continue;
            rows.Add(("    " + Usage(flag), flag.Help));
        }

        var column = Math.Min(MaxLeftColumn, rows.Max(r => r.Left.Length)) + 4;
        var sb = new StringBuilder();
        sb.Append("usage: ").Append(appName).Append(" [<flags>]\n\n");
        sb.Append("A Prometheus-compatible monitoring server.\n\n");
        sb.Append("Flags:\n");
        foreach (var (left, help) in rows)
        {
            sb.Append("  ").Append(left);
            var lines = Wrap(help, Width - column - 2);
            if (left.Length + 2 > column - 2)
            {
                // Too long to share a line with its help: kingpin puts the help underneath.
                sb.Append('\n');
                AppendLines(sb, lines, column, indentFirst: true);
            }
            else
            {
                sb.Append(' ', column - left.Length - 2);
                AppendLines(sb, lines, column, indentFirst: false);
            }
        }
        return sb.ToString();
    }

    /// <summary>The left column for one flag, e.g. <c>--config.file="prometheus.yml"</c>.</summary>
    public static string Usage(FlagDefinition flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (flag.IsBool) return "--[no-]" + flag.Name;
        var value = flag.PlaceHolder
            ?? (flag.DefaultText is null ? flag.Name.ToUpperInvariant()
                : flag.Kind is FlagKind.String or FlagKind.StringList ? $"\"{flag.DefaultText}\""
                : flag.DefaultText);
        return $"--{flag.Name}={value}" + (flag.IsRepeatable ? " ..." : "");
    }

    private static void AppendLines(StringBuilder sb, List<string> lines, int column, bool indentFirst)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0 || indentFirst) sb.Append(' ', column);
            sb.Append(lines[i]).Append('\n');
        }
        if (lines.Count == 0) sb.Append('\n');
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        return lines;
    }
}
