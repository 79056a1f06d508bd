namespace MetricsServer.Scraper.Parsing;

/// <summary>What <see cref="ExpositionParser.Next"/> found: the kind of the entry the parser now stands on.</summary>
public enum EntryKind
{
    /// <summary>The input is exhausted (for OpenMetrics: <c># EOF</c> was read). Every later call returns this again.</summary>
    EndOfInput,

    /// <summary>A sample line: <see cref="ExpositionParser.SeriesKey"/>, <see cref="ExpositionParser.Value"/>, <see cref="ExpositionParser.TimestampMs"/>.</summary>
    Series,

    /// <summary>A <c># TYPE</c> line: <see cref="ExpositionParser.MetricFamily"/> and <see cref="ExpositionParser.Type"/>.</summary>
    Type,

    /// <summary>A <c># HELP</c> line: <see cref="ExpositionParser.MetricFamily"/> and <see cref="ExpositionParser.HelpText"/>.</summary>
    Help,

    /// <summary>An OpenMetrics <c># UNIT</c> line: <see cref="ExpositionParser.MetricFamily"/> and <see cref="ExpositionParser.UnitText"/>.</summary>
    Unit,

    /// <summary>Any other comment line of the text format; it carries nothing.</summary>
    Comment,
}
