using System.Globalization;

namespace MetricsServer.Web.Flags;

/// <summary>
/// Parses a command line the way kingpin (Prometheus's flag library) does: <c>--flag=value</c> and <c>--flag value</c>;
/// booleans bare (<c>--x</c>, never taking the next argument), as <c>--x=true|false</c>, or negated as <c>--no-x</c>;
/// repeatable flags accumulate, replacing their default on first use; a later occurrence of any other flag wins;
/// <c>-h</c>/<c>--help</c> and <c>--version</c>; positional arguments, and anything after <c>--</c>, are errors.
/// </summary>
public static class FlagParser
{
    public static FlagParseResult Parse(IReadOnlyList<string> args) => Parse(args, FlagTable.Default);

    public static FlagParseResult Parse(IReadOnlyList<string> args, FlagTable table)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(table);
        var builder = new ServerOptionsBuilder();
        var flagsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (flagsEnded || !LooksLikeFlag(arg))
            {
                return FlagParseResult.Failure($"unexpected {arg}");
            }
            if (arg == "--")
            {
                flagsEnded = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                // kingpin knows one short flag here: -h.
                if (arg == "-h") return FlagParseResult.Help();
                return FlagParseResult.Failure($"unknown short flag '-{arg[1]}'");
            }

            var body = arg.AsSpan(2);
            var eq = body.IndexOf('=');
            var name = (eq < 0 ? body : body[..eq]).ToString();
            string? inline = eq < 0 ? null : body[(eq + 1)..].ToString();

            if (name == "help") return FlagParseResult.Help();
            if (name == "version") return FlagParseResult.Version();

            var flag = table.Find(name);
            var negated = false;
            if (flag is null && name.StartsWith("no-", StringComparison.Ordinal) && table.Find(name[3..]) is { IsBool: true } positive)
            {
                flag = positive;
                negated = true;
            }
            if (flag is null) return FlagParseResult.Failure($"unknown long flag '--{name}'");

            string value;
            if (flag.IsBool)
            {
                if (negated && inline is not null)
                {
                    return FlagParseResult.Failure($"flag --{name} does not take a value");
                }
                value = negated ? "false" : inline ?? "true";
            }
            else if (inline is not null)
            {
                value = inline;
            }
            else if (i + 1 < args.Count && !LooksLikeFlag(args[i + 1]))
            {
                value = args[++i];
            }
            else
            {
                return FlagParseResult.Failure($"expected argument for flag --{flag.Name}");
            }

            if (!flag.TryApply(builder, value, out var error))
            {
                return FlagParseResult.Failure($"invalid value \"{value}\" for flag --{flag.Name}: {error}");
            }
        }

        var validation = Validate(builder, table);
        if (validation is not null) return FlagParseResult.Failure(validation);
        return FlagParseResult.Success(builder.Build(), [.. builder.SetFlags]);
    }

    // kingpin reads "-" alone as an argument, and anything else starting with "-" as a flag.
    private static bool LooksLikeFlag(string arg) => arg.Length > 1 && arg[0] == '-';

    /// <summary>The checks Prometheus makes once every flag is read; null when all pass.</summary>
    private static string? Validate(ServerOptionsBuilder builder, FlagTable table)
    {
        var options = builder.Options;
        var wrongMode = new List<string>();
        foreach (var name in builder.SetFlags)
        {
            var mode = table.Find(name)?.Mode ?? FlagMode.Any;
            if ((options.Agent && mode == FlagMode.ServerOnly) || (!options.Agent && mode == FlagMode.AgentOnly))
            {
                wrongMode.Add("--" + name);
            }
        }
        if (wrongMode.Count > 0)
        {
            var list = string.Join(", ", wrongMode);
            return options.Agent
                ? $"the following flag(s) can not be used in agent mode: {list}"
                : $"the following flag(s) can only be used in agent mode: {list}";
        }

        if (options.AutoGoMemLimitRatio is <= 0 or > 1)
        {
            return "invalid value \""
                + options.AutoGoMemLimitRatio.ToString(CultureInfo.InvariantCulture)
                + "\" for flag --auto-gomemlimit.ratio: must be greater than 0 and less than or equal to 1";
        }

        foreach (var address in options.ListenAddresses)
        {
            if (!ListenAddress.TryParse(address, out _, out var error))
            {
                return $"invalid value \"{address}\" for flag --web.listen-address: {error}";
            }
        }
        return null;
    }
}
