namespace MetricsServer.Web.Flags;

/// <summary>The result of <see cref="FlagParser.Parse"/>: options, a request for help or version, or an error.</summary>
public sealed record FlagParseResult
{
    private FlagParseResult(FlagParseOutcome outcome, ServerOptions? options, string error, IReadOnlyList<string> setFlags)
    {
        Outcome = outcome;
        OptionsOrNull = options;
        Error = error;
        SetFlags = setFlags;
    }

    public FlagParseOutcome Outcome { get; }

    /// <summary>The options when <see cref="Outcome"/> is <see cref="FlagParseOutcome.Options"/>, else null.</summary>
    public ServerOptions? OptionsOrNull { get; }

    /// <summary>The options; throws unless <see cref="Outcome"/> is <see cref="FlagParseOutcome.Options"/>.</summary>
    public ServerOptions Options =>
        OptionsOrNull ?? throw new InvalidOperationException($"no options: the command line gave {Outcome}: {Error}");

    /// <summary>The message when <see cref="Outcome"/> is <see cref="FlagParseOutcome.Error"/>; it names the flag. Else empty.</summary>
    public string Error { get; }

    /// <summary>The flags the command line set explicitly (names without <c>--</c>), in order of first appearance.</summary>
    public IReadOnlyList<string> SetFlags { get; }

    public bool IsSuccess => Outcome == FlagParseOutcome.Options;

    public static FlagParseResult Success(ServerOptions options, IReadOnlyList<string> setFlags) =>
        new(FlagParseOutcome.Options, options, "", setFlags);

    public static FlagParseResult Help() => new(FlagParseOutcome.HelpRequested, null, "", []);

    public static FlagParseResult Version() => new(FlagParseOutcome.VersionRequested, null, "", []);

    public static FlagParseResult Failure(string error) => new(FlagParseOutcome.Error, null, error, []);
}
