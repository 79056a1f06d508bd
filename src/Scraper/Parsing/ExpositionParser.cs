using System.Text;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;

namespace MetricsServer.Scraper.Parsing;

/// <summary>
/// A pull parser over one scrape body. Call <see cref="Reset"/> with the body, then <see cref="Next"/> until it returns
/// <see cref="EntryKind.EndOfInput"/>; after each call the properties describe the entry just read.
/// </summary>
/// <remarks>
/// Not thread-safe; reuse one instance per scrape loop. The parser keeps a reference to the body, never a copy, so the
/// caller must not change or return the buffer until it is done with the parser. Spans handed out
/// (<see cref="SeriesKey"/>, <see cref="MetricName"/>, <see cref="MetricFamily"/>, <see cref="HelpText"/>,
/// <see cref="UnitText"/>) stay valid until the next <see cref="Next"/> or <see cref="Reset"/>; copy what you keep.
/// The sample path allocates nothing: only <see cref="Labels"/> and <see cref="TryGetExemplar"/> create strings.
/// Malformed input makes <see cref="Next"/> throw <see cref="ExpositionException"/> naming the line and column;
/// no other exception escapes for any input.
/// </remarks>
public abstract partial class ExpositionParser
{
    private protected ReadOnlyMemory<byte> _input;
    private protected int _pos;
    private protected int _line;
    private protected int _lineStart;
    private protected EntryKind _kind;

    // The current series: the key range in the input, the metric name and the label tokens.
    private protected int _keyStart;
    private protected int _keyLength;
    private protected Token _name;
    private protected LabelToken[] _labels = new LabelToken[16];
    private protected int _labelCount;
    private protected double _value;
    private protected long _timestamp;
    private protected bool _hasTimestamp;

    // The current exemplar (OpenMetrics only).
    private protected LabelToken[] _exemplarLabels = new LabelToken[4];
    private protected int _exemplarLabelCount;
    private protected bool _hasExemplar;
    private protected double _exemplarValue;
    private protected long _exemplarTimestamp;
    private protected bool _exemplarHasTimestamp;

    // A label list whose validation waits for Labels() (see DeferLabelValidation): its '{' and the line's end.
    private protected int _deferredListStart = -1;
    private protected int _deferredLineEnd;

    // The current metadata line.
    private protected Token _family;
    private protected MetricType _type;
    private protected Token _text;

    // Unescaped names and help texts of the current line; reused so that escapes cost no allocation either.
    private protected byte[] _scratch = new byte[256];
    private protected int _scratchLength;

    private protected ExpositionParser()
    {
    }

    /// <summary>The format's name as it starts error messages: "text format" or "openmetrics format".</summary>
    private protected abstract string FormatName { get; }

    /// <summary>Starts over on a new body. The parser keeps <paramref name="input"/>, not a copy.</summary>
    public void Reset(ReadOnlyMemory<byte> input)
    {
        _input = input;
        _pos = 0;
        _line = 0;
        _lineStart = 0;
        _kind = EntryKind.EndOfInput;
        ClearEntry();
        OnReset();
    }

    private protected virtual void OnReset()
    {
    }

    /// <summary>
    /// When set, a series' label list is only delimited by <see cref="Next"/> and fully read and checked by
    /// <see cref="Labels"/>, which then throws for a malformed list. For the scrape cache: a series whose key bytes
    /// are already cached passed that check when it was first seen, and the same bytes pass it again, so a
    /// steady-state scrape need not repeat it. Only the text format defers; the default is off.
    /// </summary>
    public bool DeferLabelValidation { get; set; }

    /// <summary>Reads the next entry. Throws <see cref="ExpositionException"/> on malformed input.</summary>
    public abstract EntryKind Next();

    /// <summary>The 1-based line of the current entry.</summary>
    public int Line => _line;

    /// <summary>
    /// The raw bytes of <c>name{labels}</c> exactly as they appear in the body: the scrape cache's key. Two spellings of
    /// one series give two keys; the timestamp and value are not part of it.
    /// </summary>
    public ReadOnlySpan<byte> SeriesKey => _kind == EntryKind.Series ? _input.Span.Slice(_keyStart, _keyLength) : default;

    /// <summary>The current series' metric name, unescaped (UTF-8).</summary>
    public ReadOnlySpan<byte> MetricName => _kind == EntryKind.Series ? TokenSpan(_input.Span, _name) : default;

    /// <summary>The sample value. NaN is always Prometheus's canonical NaN, never the staleness marker.</summary>
    public double Value => _value;

    /// <summary>The sample's timestamp in milliseconds, or null when the line has none.</summary>
    public long? TimestampMs => _hasTimestamp ? _timestamp : null;

    /// <summary>The metric family named by the current HELP, TYPE or UNIT line, unescaped.</summary>
    public ReadOnlySpan<byte> MetricFamily =>
        _kind is EntryKind.Help or EntryKind.Type or EntryKind.Unit ? TokenSpan(_input.Span, _family) : default;

    /// <summary>The type of the current TYPE line; "untyped" and "unknown" are <see cref="MetricType.Unknown"/>.</summary>
    public MetricType Type => _type;

    /// <summary>The unescaped text of the current HELP line.</summary>
    public ReadOnlySpan<byte> HelpText => _kind == EntryKind.Help ? TokenSpan(_input.Span, _text) : default;

    /// <summary>The unit of the current UNIT line.</summary>
    public ReadOnlySpan<byte> UnitText => _kind == EntryKind.Unit ? TokenSpan(_input.Span, _text) : default;

    /// <summary>
    /// Clears <paramref name="builder"/> and fills it with <c>__name__</c> and the current series' unescaped labels.
    /// Labels with an empty value are left out: in Prometheus's data model an empty value is the same as no label.
    /// Allocates the strings; meant for scrape-cache misses only.
    /// </summary>
    public void Labels(LabelSetBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (_kind != EntryKind.Series) throw new InvalidOperationException("Labels() needs the parser to stand on a series entry.");
        var buf = _input.Span;
        if (_deferredListStart >= 0)
        {
            var start = _deferredListStart;
            _deferredListStart = -1;
            ParseLabelList(buf, start, _deferredLineEnd, lenient: true, exemplar: false);
        }
        builder.Reset();
        builder.Add(LabelNames.MetricName, DecodeString(buf, _name));
        for (var i = 0; i < _labelCount; i++)
        {
            ref readonly var label = ref _labels[i];
            if (label.Value.Length == 0) continue;
            builder.Add(DecodeString(buf, label.Name), DecodeString(buf, label.Value));
        }
    }

    /// <summary>
    /// The exemplar of the current series line, if it has one (OpenMetrics only; the text format has none).
    /// <paramref name="builder"/> is used as scratch space and left holding the exemplar's labels.
    /// </summary>
    public bool TryGetExemplar(LabelSetBuilder builder, out Exemplar exemplar)
    {
        ArgumentNullException.ThrowIfNull(builder);
        exemplar = default;
        if (_kind != EntryKind.Series || !_hasExemplar) return false;
        var buf = _input.Span;
        builder.Reset();
        for (var i = 0; i < _exemplarLabelCount; i++)
        {
            ref readonly var label = ref _exemplarLabels[i];
            if (label.Value.Length == 0) continue;
            builder.Add(DecodeString(buf, label.Name), DecodeString(buf, label.Value));
        }
        exemplar = new Exemplar(builder.ToLabelSet(), _exemplarValue, _exemplarHasTimestamp ? _exemplarTimestamp : null);
        return true;
    }

    private protected void ClearEntry()
    {
        _keyStart = 0;
        _keyLength = 0;
        _deferredListStart = -1;
        _name = default;
        _labelCount = 0;
        _value = 0;
        _timestamp = 0;
        _hasTimestamp = false;
        _exemplarLabelCount = 0;
        _hasExemplar = false;
        _exemplarValue = 0;
        _exemplarTimestamp = 0;
        _exemplarHasTimestamp = false;
        _family = default;
        _type = MetricType.Unknown;
        _text = default;
        _scratchLength = 0;
    }

    /// <summary>The bytes of a token; escaped tokens come back still escaped (only values stay in that form).</summary>
    private protected ReadOnlySpan<byte> TokenSpan(ReadOnlySpan<byte> buf, Token token) =>
        token.Form == TokenForm.Scratch ? _scratch.AsSpan(token.Start, token.Length) : buf.Slice(token.Start, token.Length);

    private string DecodeString(ReadOnlySpan<byte> buf, Token token)
    {
        if (token.Length == 0) return string.Empty;
        if (token.Form != TokenForm.Escaped) return Encoding.UTF8.GetString(TokenSpan(buf, token));
        var raw = buf.Slice(token.Start, token.Length);
        var rented = raw.Length <= 512 ? null : new byte[raw.Length];
        Span<byte> target = rented ?? stackalloc byte[512];
        var n = Unescape(raw, target, quoteEscape: true);
        return Encoding.UTF8.GetString(target[..n]);
    }

    /// <summary>
    /// Resolves <c>\\</c>, <c>\n</c> and (when <paramref name="quoteEscape"/>) <c>\"</c>; any other backslash sequence is
    /// kept as written, as Prometheus does. The output is never longer than the input.
    /// </summary>
    private protected static int Unescape(ReadOnlySpan<byte> raw, Span<byte> target, bool quoteEscape)
    {
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == (byte)'\\' && i + 1 < raw.Length)
            {
                var d = raw[i + 1];
                if (d == (byte)'\\' || (d == (byte)'"' && quoteEscape))
                {
                    target[n++] = d;
                    i++;
                    continue;
                }
                if (d == (byte)'n')
                {
                    target[n++] = (byte)'\n';
                    i++;
                    continue;
                }
            }
            target[n++] = c;
        }
        return n;
    }

    /// <summary>Copies the unescaped form of an escaped token into the scratch buffer and returns the scratch token.</summary>
    private protected Token ToScratch(ReadOnlySpan<byte> buf, Token token, bool quoteEscape)
    {
        if (token.Form != TokenForm.Escaped) return token;
        var raw = buf.Slice(token.Start, token.Length);
        if (_scratch.Length - _scratchLength < raw.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + raw.Length));
        }
        var start = _scratchLength;
        var n = Unescape(raw, _scratch.AsSpan(start), quoteEscape);
        _scratchLength += n;
        return new Token(start, n, TokenForm.Scratch);
    }

    /// <summary>Where a token lives and whether it still holds escapes.</summary>
    private protected enum TokenForm : byte
    {
        None,
        Raw,
        Escaped,
        Scratch,
    }

    /// <summary>A range of the input (or of the scratch buffer), without copying it.</summary>
    private protected readonly record struct Token(int Start, int Length, TokenForm Form)
    {
        public bool IsSet => Form != TokenForm.None;
    }

    /// <summary>One label of a series or exemplar: the name is never escaped, the value may be.</summary>
    private protected readonly record struct LabelToken(Token Name, Token Value);
}
