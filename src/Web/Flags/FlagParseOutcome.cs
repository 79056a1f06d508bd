namespace MetricsServer.Web.Flags;

/// <summary>What a command line asked for.</summary>
public enum FlagParseOutcome
{
    /// <summary>Run the server with <see cref="FlagParseResult.Options"/>.</summary>
    Options,

    /// <summary><c>-h</c> or <c>--help</c>: print <see cref="HelpText"/> and exit 0.</summary>
    HelpRequested,

    /// <summary><c>--version</c>: print <see cref="BuildInfo.Render"/> and exit 0.</summary>
    VersionRequested,

    /// <summary>A bad command line: print <see cref="FlagParseResult.Error"/> and the help, and exit 2.</summary>
    Error,
}
