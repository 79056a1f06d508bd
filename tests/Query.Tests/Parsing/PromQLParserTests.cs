using MetricsServer.Query.Ast;
using MetricsServer.Query.Parsing;

namespace MetricsServer.Query.Tests.Parsing;

public class PromQLParserTests
{
    private static Expr Parse(string q) => PromQLParser.Parse(q, PromQLParserOptions.AllFeatures);

    [Theory]
    // Literals.
    [InlineData("1", "1")]
    [InlineData("1.5", "1.5")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "5")]
    [InlineData("1e3", "1000")]
    [InlineData("1e-3", "0.001")]
    [InlineData("1e21", "1000000000000000000000")]
    [InlineData("0x8f", "143")]
    [InlineData("010", "8")]
    [InlineData("-2.43", "-2.43")]
    [InlineData("+5", "5")]
    [InlineData("Inf", "Inf")]
    [InlineData("-inf", "-Inf")]
    [InlineData("nAn", "NaN")]
    [InlineData("5m", "5m")]
    [InlineData("1h30m", "1h30m")]
    [InlineData("-5m", "-5m")]
    [InlineData("\"a\\nb\"", "\"a\\nb\"")]
    [InlineData("'single \"q\"'", "\"single \\\"q\\\"\"")]
    [InlineData("`raw \\n`", "\"raw \\\\n\"")]
    [InlineData("\"\\u00e9\\x41\\101\"", "\"éAA\"")]
    [InlineData("\"\\xff\"", "\"\\xff\"")]
    // Selectors.
    [InlineData("foo", "foo")]
    [InlineData("job:rate5m", "job:rate5m")]
    [InlineData("foo{b=\"1\", a=~\"x.*\"}", "foo{a=~\"x.*\",b=\"1\"}")]
    [InlineData("foo{a!=\"1\",b!~\"2\",}", "foo{a!=\"1\",b!~\"2\"}")]
    [InlineData("{__name__=~\"job:.*\"}", "{__name__=~\"job:.*\"}")]
    [InlineData("{__name__=\"foo\"}", "{__name__=\"foo\"}")]
    [InlineData("{\"metric.name\"}", "{__name__=\"metric.name\"}")]
    [InlineData("{\"metric.name\", \"label.x\"=\"v\"}", "{\"label.x\"=\"v\",__name__=\"metric.name\"}")]
    [InlineData("sum", "sum")]
    [InlineData("offset", "offset")]
    [InlineData("foo offset 5m", "foo offset 5m")]
    [InlineData("foo offset -5m", "foo offset -5m")]
    [InlineData("foo offset 90", "foo offset 1m30s")]
    [InlineData("foo @ 1609746000", "foo @ 1609746000.000")]
    [InlineData("foo @ 1.5 offset 1m", "foo @ 1.500 offset 1m")]
    [InlineData("foo offset 1m @ start()", "foo @ start() offset 1m")]
    [InlineData("foo @ end()", "foo @ end()")]
    [InlineData("foo[5m]", "foo[5m]")]
    [InlineData("foo[300]", "foo[5m]")]
    [InlineData("foo[1.5]", "foo[1s500ms]")]
    [InlineData("foo{a=\"b\"}[1h30m] offset 1w @ 10", "foo{a=\"b\"}[1h30m] @ 10.000 offset 1w")]
    [InlineData("foo[5m] anchored", "foo[5m] anchored")]
    [InlineData("foo smoothed", "foo smoothed")]
    [InlineData("foo[7d]", "foo[1w]")]
    [InlineData("foo[90d]", "foo[90d]")]
    // Subqueries.
    [InlineData("rate(foo[5m])[1h:]", "rate(foo[5m])[1h:]")]
    [InlineData("foo[1h:5m] offset 10m", "foo[1h:5m] offset 10m")]
    [InlineData("min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:])[4m:3s]", "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:])[4m:3s]")]
    [InlineData("(foo + bar)[5m:1m] @ end()", "(foo + bar)[5m:1m] @ end()")]
    // Duration expressions.
    [InlineData("foo[26m+4m]", "foo[26m + 4m]")]
    [InlineData("foo[2m*(10+5)]", "foo[2m * (10 + 5)]")]
    [InlineData("foo[-5m+35m]", "foo[-5m + 35m]")]
    [InlineData("foo[step()]", "foo[step()]")]
    [InlineData("foo[min_of(STep()+1,1h)]", "foo[min_of(step() + 1, 1h)]")]
    [InlineData("foo[29s+1s:5s+5s]", "foo[29s + 1s:5s + 5s]")]
    [InlineData("foo offset (100 + 2)", "foo offset (100 + 2)")]
    [InlineData("foo offset 2 ^ 2", "foo offset 2s ^ 2")]
    [InlineData("foo offset -step()*2", "foo offset -step() * 2")]
    [InlineData("foo offset -(min_of(step(), 2s)-5)+8000", "foo offset -(min_of(step(), 2s) - 5) + 8000")]
    // Operators.
    [InlineData("a+b*c", "a + b * c")]
    [InlineData("a and b or c unless d", "a and b or c unless d")]
    [InlineData("a > bool 1", "a > bool 1")]
    [InlineData("1 == bool 1", "1 == bool 1")]
    [InlineData("a * on(job, instance) group_left(version) b", "a * on (job, instance) group_left (version) b")]
    [InlineData("a / ignoring(code) group_right b", "a / ignoring (code) group_right () b")]
    [InlineData("a + on() b", "a + on () b")]
    [InlineData("a and on(x) b", "a and on (x) b")]
    [InlineData("a atan2 b", "a atan2 b")]
    [InlineData("a + fill(0) b", "a + fill (0) b")]
    [InlineData("a + fill_left(5) fill_right(-Inf) b", "a + fill_left (5) fill_right (-Inf) b")]
    [InlineData("fill + fill(0) other", "fill + fill (0) other")]
    [InlineData("-foo", "-foo")]
    [InlineData("-(1)", "-(1)")]
    [InlineData("1 + on() 2", "1 + 2")]
    // Aggregations.
    [InlineData("sum(foo)", "sum(foo)")]
    [InlineData("sum by (job) (rate(x[5m]))", "sum by (job) (rate(x[5m]))")]
    [InlineData("sum(rate(x[5m])) by (job)", "sum by (job) (rate(x[5m]))")]
    [InlineData("SUM(x) BY(job)", "sum by (job) (x)")]
    [InlineData("sum without (a, b) (x)", "sum without (a, b) (x)")]
    [InlineData("sum without () (x)", "sum without () (x)")]
    [InlineData("sum by () (x)", "sum(x)")]
    [InlineData("sum by (\"a.b\", on, sum) (x)", "sum by (\"a.b\", on, sum) (x)")]
    [InlineData("topk(5, x)", "topk(5, x)")]
    [InlineData("quantile without(point)(0.8, x)", "quantile without (point) (0.8, x)")]
    [InlineData("count_values(\"v\", x)", "count_values(\"v\", x)")]
    [InlineData("limitk(2, x)", "limitk(2, x)")]
    [InlineData("limit_ratio(0.5, x)", "limit_ratio(0.5, x)")]
    // Functions.
    [InlineData("time()", "time()")]
    [InlineData("hour()", "hour()")]
    [InlineData("round(x, 5)", "round(x, 5)")]
    [InlineData("label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")", "label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")")]
    [InlineData("histogram_quantile(0.99, sum by (le, handler) (rate(h_bucket{job=\"api\", code=~\"5..\"}[5m])))",
        "histogram_quantile(0.99, sum by (le, handler) (rate(h_bucket{code=~\"5..\",job=\"api\"}[5m])))")]
    [InlineData("foo # a comment\n+ 1", "foo + 1")]
    public void Parse_ValidExpression_PrintsCanonicalForm(string query, string expected)
    {
        var expr = Parse(query);
        Assert.Equal(expected, expr.ToString());
        Assert.Equal(expected, Parse(expected).ToString());
    }

    [Theory]
    [InlineData("", "1:1: parse error: no expression found in input")]
    [InlineData("1 +", "1:4: parse error: unexpected end of input")]
    [InlineData("*1", "1:1: parse error: unexpected <op:*>")]
    [InlineData("foo *", "1:6: parse error: unexpected end of input")]
    [InlineData("(1))", "1:4: parse error: unexpected right parenthesis ')'")]
    [InlineData("((1)", "1:5: parse error: unclosed left parenthesis")]
    [InlineData("foo}", "1:4: parse error: unexpected character: '}'")]
    [InlineData("{", "1:2: parse error: unexpected end of input inside braces")]
    [InlineData("foo{1}", "1:5: parse error: unexpected character inside braces: '1'")]
    [InlineData("foo{a}", "1:6: parse error: unexpected \"}\" in label matching, expected label matching operator")]
    [InlineData("foo{a=1}", "1:7: parse error: unexpected character inside braces: '1'")]
    [InlineData("foo{a=\"b\" c=\"d\"}", "1:11: parse error: unexpected identifier \"c\" in label matching, expected \",\" or \"}\"")]
    [InlineData("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher")]
    [InlineData("{x=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher")]
    [InlineData("foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"")]
    [InlineData("foo{a=~\"(\"}", null)]
    [InlineData("\"abc", "1:1: parse error: unterminated quoted string")]
    [InlineData("`abc", "1:1: parse error: unterminated raw string")]
    [InlineData("\"\\q\"", "1:1: parse error: unknown escape sequence U+0071 'q'")]
    [InlineData("foo[5mm]", "1:5: parse error: bad number or duration syntax: \"5mm\"")]
    [InlineData("foo[0s]", "1:5: parse error: duration must be greater than 0")]
    [InlineData("foo[1m1h]", "1:5: parse error: not a valid duration string: \"1m1h\"")]
    [InlineData("foo[5m", "1:7: parse error: unclosed left bracket")]
    [InlineData("foo[5m:1m:1m]", "1:10: parse error: unexpected colon ':'")]
    [InlineData("foo[]", "1:5: parse error: unexpected \"]\" in subquery selector, expected number or duration")]
    [InlineData("foo[5m 1m]", "1:8: parse error: unexpected duration \"1m\" in subquery or range, expected \":\" or \"]\"")]
    [InlineData("(foo + bar)[5m]", "1:12: parse error: ranges only allowed for vector selectors")]
    [InlineData("foo offset 1m[5m]", "1:14: parse error: no offset modifiers allowed before range")]
    [InlineData("foo @ 1 [5m]", "1:9: parse error: no @ modifiers allowed before range")]
    [InlineData("foo offset 1m offset 2m", "1:1: parse error: offset may not be set multiple times")]
    [InlineData("foo @ 1 @ 2", "1:1: parse error: @ <timestamp> may not be set multiple times")]
    [InlineData("sum(foo) offset 5m", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery")]
    [InlineData("sum(foo) @ 5", "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery")]
    [InlineData("foo offset", "1:11: parse error: unexpected end of input in offset, expected number or duration")]
    [InlineData("foo @ bar", "1:7: parse error: unexpected identifier \"bar\" in @, expected timestamp")]
    [InlineData("foo @ Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf")]
    [InlineData("foo[5m][5m:]", "1:1: parse error: subquery is only allowed on instant vector, got matrix")]
    [InlineData("1 and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression")]
    [InlineData("foo and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression")]
    [InlineData("1 == 1", "1:3: parse error: comparisons between scalars must use BOOL modifier")]
    [InlineData("foo + bool bar", "1:5: parse error: bool modifier can only be used on comparison operators")]
    [InlineData("foo and on(a) group_left(b) bar", "1:1: parse error: no grouping allowed for \"and\" operation")]
    [InlineData("foo * on(a) group_left(a) bar", "1:5: parse error: label \"a\" must not occur in ON and GROUP clause at once")]
    [InlineData("1 + on(a) foo", "1:1: parse error: vector matching only allowed between instant vectors")]
    [InlineData("foo[5m] + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types")]
    [InlineData("1 + \"a\"", "1:5: parse error: binary expression must contain only scalar and instant vector types")]
    [InlineData("-\"a\"", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\"")]
    [InlineData("-foo[5m]", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"")]
    [InlineData("sum by foo (x)", "1:8: parse error: unexpected identifier \"foo\" in grouping opts, expected \"(\"")]
    [InlineData("sum by (a b) (x)", "1:11: parse error: unexpected identifier \"b\" in grouping opts, expected \",\" or \")\"")]
    [InlineData("sum by (1) (x)", "1:9: parse error: unexpected number \"1\" in grouping opts, expected label")]
    [InlineData("sum by (a) (x) by (b)", "1:16: parse error: unexpected <by>")]
    [InlineData("topk(x)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1")]
    [InlineData("sum()", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 0")]
    [InlineData("topk(x, y)", "1:6: parse error: expected type scalar in aggregation parameter, got instant vector")]
    [InlineData("count_values(5, x)", "1:14: parse error: expected type string in aggregation parameter, got scalar")]
    [InlineData("sum(x[5m])", "1:5: parse error: expected type instant vector in aggregation expression, got range vector")]
    [InlineData("rate(foo)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector")]
    [InlineData("floor()", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 0")]
    [InlineData("floor(a, b)", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2")]
    [InlineData("floor(1)", "1:7: parse error: expected type instant vector in call to function \"floor\", got scalar")]
    [InlineData("hour(a, a)", "1:1: parse error: expected at most 1 argument(s) in call to \"hour\", got 2")]
    [InlineData("label_join(a, \"b\")", "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 2")]
    [InlineData("time(foo)", "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1")]
    [InlineData("nonexistent_fn()", "1:1: parse error: unknown function with name \"nonexistent_fn\"")]
    [InlineData("rate(x[5m],)", "1:11: parse error: trailing commas not allowed in function call args")]
    [InlineData("foo bar", "1:5: parse error: unexpected identifier \"bar\"")]
    [InlineData("on{}", "1:1: parse error: unexpected <on>")]
    [InlineData("foo !~ bar", "1:5: parse error: unexpected character after '!': '~'")]
    [InlineData("foo =~ bar", "1:5: parse error: unexpected character after '=': '~'")]
    [InlineData("a\n+ *", "2:3: parse error: unexpected <op:*>")]
    [InlineData("\"é\" + *", "1:8: parse error: unexpected <op:*>")]
    public void Parse_InvalidExpression_ThrowsWithPrometheusMessage(string query, string? expected)
    {
        var e = Assert.Throws<PromQLParseException>(() => Parse(query));
        if (expected is not null) Assert.Equal(expected, e.Message);
        Assert.InRange(e.Position.Start, 0, query.Length);
    }

    [Fact]
    public void Parse_ExperimentalFunctionWithDefaultOptions_IsRejected()
    {
        var e = Assert.Throws<PromQLParseException>(() => PromQLParser.Parse("mad_over_time(x[5m])"));
        Assert.Equal("1:1: parse error: function \"mad_over_time\" is not enabled", e.Message);
    }

    [Fact]
    public void Parse_Power_IsRightAssociative()
    {
        var e = Assert.IsType<BinaryExpr>(Parse("2 ^ 3 ^ 2"));
        Assert.IsType<NumberLiteral>(e.Lhs);
        Assert.Equal(BinaryOp.Pow, Assert.IsType<BinaryExpr>(e.Rhs).Op);
    }

    [Fact]
    public void Parse_UnaryMinusBindsLooserThanPower()
    {
        var e = Assert.IsType<UnaryExpr>(Parse("-2 ^ 2"));
        Assert.True(e.Negate);
        Assert.Equal(BinaryOp.Pow, Assert.IsType<BinaryExpr>(e.Expr).Op);
    }

    [Fact]
    public void Parse_UnaryMinusBindsTighterThanMultiplication()
    {
        var e = Assert.IsType<BinaryExpr>(Parse("-a * b"));
        Assert.Equal(BinaryOp.Mul, e.Op);
        Assert.IsType<UnaryExpr>(e.Lhs);
    }

    [Theory]
    [InlineData("a or b and c", BinaryOp.Or)]
    [InlineData("a and b == c", BinaryOp.And)]
    [InlineData("a == b + c", BinaryOp.Eql)]
    [InlineData("a + b * c", BinaryOp.Add)]
    [InlineData("a * b ^ c", BinaryOp.Mul)]
    [InlineData("a atan2 b + c", BinaryOp.Add)]
    [InlineData("a - b - c", BinaryOp.Sub)]
    public void Parse_Precedence_RootIsLoosestOperator(string query, BinaryOp root)
    {
        var e = Assert.IsType<BinaryExpr>(Parse(query));
        Assert.Equal(root, e.Op);
        if (query == "a - b - c") Assert.IsType<BinaryExpr>(e.Lhs);
    }

    [Fact]
    public void Parse_SetOperator_IsManyToMany()
    {
        var e = Assert.IsType<BinaryExpr>(Parse("a and b"));
        Assert.Equal(VectorMatchCardinality.ManyToMany, e.Matching!.Card);
    }

    [Fact]
    public void Parse_ScalarOperand_HasNoVectorMatching()
    {
        var e = Assert.IsType<BinaryExpr>(Parse("a + 1"));
        Assert.Null(e.Matching);
        Assert.Equal(Ast.ValueType.Vector, e.Type);
        Assert.Equal(Ast.ValueType.Scalar, Parse("1 + 2").Type);
    }

    [Fact]
    public void Parse_GroupLeft_FillsVectorMatching()
    {
        var e = Assert.IsType<BinaryExpr>(Parse("a * on(job) group_left(version) b"));
        var m = e.Matching!;
        Assert.True(m.On);
        Assert.Equal(["job"], m.MatchingLabels);
        Assert.Equal(["version"], m.Include);
        Assert.Equal(VectorMatchCardinality.ManyToOne, m.Card);
    }

    [Fact]
    public void Parse_VectorSelector_HasNameMatcherAndModifiers()
    {
        var m = Assert.IsType<MatrixSelector>(Parse("foo{a=\"b\"}[5m] offset -1m @ end()"));
        var vs = m.VectorSelector;
        Assert.Equal("foo", vs.Name);
        Assert.Equal(2, vs.Matchers.Count);
        Assert.Contains(vs.Matchers, x => x.Name == "__name__" && x.Value == "foo");
        Assert.Equal(TimeSpan.FromMinutes(-1), vs.Offset);
        Assert.Equal(AtKind.End, vs.At.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), m.Range);
        Assert.Equal(Ast.ValueType.Matrix, m.Type);
    }

    [Fact]
    public void Parse_AtTimestamp_IsMilliseconds()
    {
        var vs = Assert.IsType<VectorSelector>(Parse("foo @ 1.2345"));
        Assert.Equal(AtModifier.At(1235), vs.At);
    }

    [Fact]
    public void Parse_Subquery_KeepsRangeStepOffset()
    {
        var sq = Assert.IsType<SubqueryExpr>(Parse("rate(x[5m])[1h:1m] offset 5m"));
        Assert.Equal(TimeSpan.FromHours(1), sq.Range);
        Assert.Equal(TimeSpan.FromMinutes(1), sq.Step);
        Assert.Equal(TimeSpan.FromMinutes(5), sq.Offset);
        Assert.IsType<Call>(sq.Expr);
    }

    [Fact]
    public void Parse_ConstantDurationExpression_IsEvaluated()
    {
        var m = Assert.IsType<MatrixSelector>(Parse("foo[2m*(10+5)]"));
        Assert.Equal(TimeSpan.FromMinutes(30), m.Range);
        Assert.NotNull(m.RangeExpr);
        Assert.True(m.RangeExpr!.IsConstant);
    }

    [Fact]
    public void Parse_StepDurationExpression_IsLeftToTheEngine()
    {
        var m = Assert.IsType<MatrixSelector>(Parse("foo[step()+1]"));
        Assert.False(m.RangeExpr!.IsConstant);
        Assert.Equal(11, m.RangeExpr.Evaluate(stepSeconds: 10, rangeSeconds: 0));
    }

    [Fact]
    public void Parse_Aggregate_HasParamAndGrouping()
    {
        var a = Assert.IsType<AggregateExpr>(Parse("topk without (x) (3, foo)"));
        Assert.Equal(AggregateOp.Topk, a.Op);
        Assert.Equal(3, Assert.IsType<NumberLiteral>(a.Param).Value);
        Assert.True(a.Without);
        Assert.Equal(["x"], a.Grouping);
    }

    [Fact]
    public void Parse_Call_ResolvesFunction()
    {
        var c = Assert.IsType<Call>(Parse("scalar(foo)"));
        Assert.Equal("scalar", c.Function.Name);
        Assert.Equal(Ast.ValueType.Scalar, c.Type);
    }

    [Fact]
    public void Parse_Positions_CoverTheNode()
    {
        var e = Assert.IsType<BinaryExpr>(Parse("sum(rate(x[5m])) + foo offset 1m"));
        Assert.Equal(new PositionRange(0, 16), e.Lhs.Position);
        Assert.Equal(new PositionRange(19, 32), e.Rhs.Position);
    }
}
