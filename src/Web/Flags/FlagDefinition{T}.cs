namespace MetricsServer.Web.Flags;

/// <summary>A <see cref="FlagDefinition"/> whose value has the type <typeparamref name="T"/> in <see cref="ServerOptions"/>.</summary>
public sealed record FlagDefinition<T> : FlagDefinition
{
    private readonly Func<string, (bool Ok, T Value, string Error)> _parse;
    private readonly Func<T, string> _format;
    private readonly Func<ServerOptions, T> _get;
    private readonly Func<ServerOptions, T, ServerOptions> _set;

    internal FlagDefinition(string name, FlagKind kind, string help, string? defaultText,
        Func<string, (bool Ok, T Value, string Error)> parse, Func<T, string> format,
        Func<ServerOptions, T> get, Func<ServerOptions, T, ServerOptions> set)
        : base(name, kind, help, defaultText)
    {
        _parse = parse;
        _format = format;
        _get = get;
        _set = set;
    }

    public T GetValue(ServerOptions options) => _get(options);

    public override bool TryApply(ServerOptionsBuilder builder, string text, out string error)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (ok, value, parseError) = _parse(text);
        if (!ok)
        {
            error = parseError;
            return false;
        }
        // kingpin replaces a repeatable flag's default on its first occurrence and appends on later ones.
        if (value is StringList more && builder.IsSet(Name) && _get(builder.Options) is StringList existing)
        {
            value = (T)(object)existing.Concat(more);
        }
        builder.Options = _set(builder.Options, value);
        builder.MarkSet(Name);
        error = "";
        return true;
    }

    public override string FormatValue(ServerOptions options) => _format(_get(options));
}
