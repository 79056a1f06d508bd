namespace MetricsServer.Web.Flags;

/// <summary>
/// One row of <see cref="FlagTable"/>: a flag's name (without <c>--</c>), help text, the default as <c>--help</c> shows
/// it, its kind, and how its value reaches a <see cref="ServerOptionsBuilder"/>. Create rows with the static factories.
/// </summary>
public abstract record FlagDefinition
{
    private protected FlagDefinition(string name, FlagKind kind, string help, string? defaultText)
    {
        Name = name;
        Kind = kind;
        Help = help;
        DefaultText = defaultText;
    }

    /// <summary>The long name without the leading <c>--</c>, e.g. <c>config.file</c>.</summary>
    public string Name { get; }

    public FlagKind Kind { get; }

    public string Help { get; }

    /// <summary>The default as <c>--help</c> prints it, or null when the flag has none.</summary>
    public string? DefaultText { get; }

    /// <summary>Shown in <c>--help</c> in place of a value when there is no default (<c>&lt;URL&gt;</c>), else null.</summary>
    public string? PlaceHolder { get; init; }

    /// <summary>Accepted but left out of <c>--help</c>, as Prometheus hides its testing and tuning flags.</summary>
    public bool Hidden { get; init; }

    public FlagMode Mode { get; init; } = FlagMode.Any;

    /// <summary>For <see cref="FlagKind.Enum"/> (and validated lists), the accepted words; else empty.</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    /// <summary>For <see cref="FlagKind.StringList"/>, whether each value is also split on commas (as Prometheus does
    /// for <c>--enable-feature</c> only).</summary>
    public bool SplitOnComma { get; init; }

    public bool IsBool => Kind == FlagKind.Bool;

    public bool IsRepeatable => Kind == FlagKind.StringList;

    /// <summary>Parses <paramref name="text"/> and stores it in <paramref name="builder"/>; a repeatable flag adds to
    /// what earlier occurrences stored (its default is replaced by the first). Returns false with the reason, which
    /// does not name the flag.</summary>
    public abstract bool TryApply(ServerOptionsBuilder builder, string text, out string error);

    /// <summary>The flag's value in <paramref name="options"/> as <c>/api/v1/status/flags</c> prints it.</summary>
    public abstract string FormatValue(ServerOptions options);

    public static FlagDefinition String(string name, string help, string? defaultText,
        Func<ServerOptions, string> get, Func<ServerOptions, string, ServerOptions> set) =>
        new FlagDefinition<string>(name, FlagKind.String, help, defaultText, FlagValues.ParseString, v => v, get, set);

    public static FlagDefinition Bool(string name, string help, bool defaultValue,
        Func<ServerOptions, bool> get, Func<ServerOptions, bool, ServerOptions> set) =>
        new FlagDefinition<bool>(name, FlagKind.Bool, help, FlagValues.FormatBool(defaultValue), FlagValues.ParseBool,
            FlagValues.FormatBool, get, set);

    public static FlagDefinition Duration(string name, string help, string? defaultText,
        Func<ServerOptions, TimeSpan> get, Func<ServerOptions, TimeSpan, ServerOptions> set) =>
        new FlagDefinition<TimeSpan>(name, FlagKind.Duration, help, defaultText, FlagValues.ParseDuration,
            FlagValues.FormatDuration, get, set);

    public static FlagDefinition Size(string name, string help, string? defaultText,
        Func<ServerOptions, long> get, Func<ServerOptions, long, ServerOptions> set) =>
        new FlagDefinition<long>(name, FlagKind.Size, help, defaultText, FlagValues.ParseSize, FlagValues.FormatSize,
            get, set);

    public static FlagDefinition Int(string name, string help, string defaultText,
        Func<ServerOptions, int> get, Func<ServerOptions, int, ServerOptions> set) =>
        new FlagDefinition<int>(name, FlagKind.Int, help, defaultText, FlagValues.ParseInt32, v => FlagValues.FormatInt(v),
            get, set);

    public static FlagDefinition Int64(string name, string help, string defaultText,
        Func<ServerOptions, long> get, Func<ServerOptions, long, ServerOptions> set) =>
        new FlagDefinition<long>(name, FlagKind.Int, help, defaultText, FlagValues.ParseInt64, FlagValues.FormatInt,
            get, set);

    public static FlagDefinition Float(string name, string help, string defaultText,
        Func<ServerOptions, double> get, Func<ServerOptions, double, ServerOptions> set) =>
        new FlagDefinition<double>(name, FlagKind.Float, help, defaultText, FlagValues.ParseFloat, FlagValues.FormatFloat,
            get, set);

    /// <summary>An enum flag: <paramref name="words"/> maps each accepted word to its value, in the order help lists them.</summary>
    public static FlagDefinition Enum<T>(string name, string help, T defaultValue, IReadOnlyList<(string Word, T Value)> words,
        Func<ServerOptions, T> get, Func<ServerOptions, T, ServerOptions> set)
        where T : struct, System.Enum
    {
        ArgumentNullException.ThrowIfNull(words);
        var allowed = words.Select(w => w.Word).ToArray();
        var expected = "must be one of " + string.Join(", ", allowed);
        string Format(T value)
        {
            foreach (var (word, v) in words)
            {
                if (EqualityComparer<T>.Default.Equals(v, value)) return word;
            }
            return value.ToString().ToLowerInvariant();
        }
        (bool, T, string) Parse(string text)
        {
            foreach (var (word, v) in words)
            {
                if (string.Equals(word, text, StringComparison.Ordinal)) return (true, v, "");
            }
            return (false, default, expected);
        }
        return new FlagDefinition<T>(name, FlagKind.Enum, help, Format(defaultValue), Parse, Format, get, set)
        {
            AllowedValues = allowed,
        };
    }

    /// <summary>A repeatable flag. With <paramref name="allowed"/> non-empty, each value must be one of them.</summary>
    public static FlagDefinition StringList(string name, string help, StringList defaultValue,
        Func<ServerOptions, StringList> get, Func<ServerOptions, StringList, ServerOptions> set,
        bool splitOnComma = false, IReadOnlyList<string>? allowed = null)
    {
        ArgumentNullException.ThrowIfNull(defaultValue);
        allowed ??= [];
        (bool, StringList, string) Parse(string text)
        {
            var items = splitOnComma
                ? text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : [text];
            foreach (var item in items)
            {
                if (allowed.Count > 0 && !allowed.Contains(item, StringComparer.Ordinal))
                {
                    return (false, Flags.StringList.Empty, "must be one of " + string.Join(", ", allowed));
                }
            }
            return (true, new StringList(items), "");
        }
        return new FlagDefinition<StringList>(name, FlagKind.StringList, help,
            defaultValue.Count == 0 ? null : defaultValue.ToString(), Parse, v => v.ToString(), get, set)
        {
            AllowedValues = allowed,
            SplitOnComma = splitOnComma,
        };
    }
}
