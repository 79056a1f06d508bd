using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using MetricsServer.Config;
using MetricsServer.Model.Labels;

namespace MetricsServer.Relabel.Tests;

public sealed class RelabelerTests
{
    private sealed record Case(RelabelConfig[] Rules, string[] Input, string[]? Expected);

    private static RelabelConfig Rule(
        RelabelAction action = RelabelAction.Replace,
        string[]? source = null,
        string? separator = null,
        string? regex = null,
        string? target = null,
        string? replacement = null,
        ulong modulus = 0)
    {
        var c = new RelabelConfig { Action = action, SourceLabels = [.. source ?? []], TargetLabel = target, Modulus = modulus };
        if (separator is not null) c.Separator = separator;
        if (regex is not null) c.Regex = regex;
        if (replacement is not null) c.Replacement = replacement;
        return c;
    }

    private static Case One(RelabelConfig rule, string[] input, string[]? expected) => new([rule], input, expected);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // replace
        ["replace_DefaultRegex_CopiesSourceToTarget"] = One(Rule(source: ["a"], target: "b"), ["a", "foo"], ["a", "foo", "b", "foo"]),
        ["replace_RegexDoesNotMatch_NoChange"] = One(Rule(source: ["a"], regex: "f(.*)", target: "b"), ["a", "bar"], ["a", "bar"]),
        ["replace_RegexIsAnchored_FooDoesNotMatchFoobar"] = One(Rule(source: ["a"], regex: "foo", target: "b", replacement: "x"), ["a", "foobar"], ["a", "foobar"]),
        ["replace_UnanchoredByDotStar_Matches"] = One(Rule(source: ["a"], regex: ".*foo.*", target: "b", replacement: "x"), ["a", "xfoobar"], ["a", "xfoobar", "b", "x"]),
        ["replace_MultipleSourcesCustomSeparator_Joined"] = One(
            Rule(source: ["a", "b", "c"], separator: "-", regex: @"(\d)-(\d)-(\d)", target: "t", replacement: "$3$2$1"),
            ["a", "1", "b", "2", "c", "3"], ["a", "1", "b", "2", "c", "3", "t", "321"]),
        ["replace_TwoSourcesDefaultSeparator_Semicolon"] = One(Rule(source: ["a", "b"], target: "t"), ["a", "x", "b", "y"], ["a", "x", "b", "y", "t", "x;y"]),
        ["replace_MissingSourceLabel_IsEmptyString"] = One(
            Rule(source: ["a", "missing"], regex: "(.*);", target: "t"), ["a", "x"], ["a", "x", "t", "x"]),
        ["replace_BracedIndex_FollowedByText"] = One(Rule(source: ["a"], target: "t", replacement: "${1}abc"), ["a", "x"], ["a", "x", "t", "xabc"]),
        ["replace_UnbracedIndexFollowedByLetters_IsNameAndEmpty"] = One(
            Rule(source: ["a"], target: "t", replacement: "$1abc"), ["a", "x", "t", "old"], ["a", "x"]),
        ["replace_NamedGroupBraced"] = One(
            Rule(source: ["a"], regex: @"(?P<host>[^:]+):(?P<port>\d+)", target: "t", replacement: "${host}"), ["a", "h:80"], ["a", "h:80", "t", "h"]),
        ["replace_NamedGroupUnbraced"] = One(
            Rule(source: ["a"], regex: @"(?P<host>[^:]+):(?P<port>\d+)", target: "t", replacement: "$port/x"), ["a", "h:80"], ["a", "h:80", "t", "80/x"]),
        ["replace_IndexCountsNamedGroupsInRe2Order"] = One(
            Rule(source: ["a"], regex: @"(?P<host>[^:]+):(\d+)", target: "t", replacement: "$2-$1"), ["a", "h:80"], ["a", "h:80", "t", "80-h"]),
        ["replace_DoubleDollar_IsLiteralDollar"] = One(Rule(source: ["a"], target: "t", replacement: "$$1a$$"), ["a", "x"], ["a", "x", "t", "$1a$"]),
        ["replace_OutOfRangeIndex_ExpandsToEmpty"] = One(Rule(source: ["a"], target: "t", replacement: "pre-$5-post"), ["a", "x"], ["a", "x", "t", "pre--post"]),
        ["replace_UnknownName_ExpandsToEmpty"] = One(Rule(source: ["a"], target: "t", replacement: "<${nope}>"), ["a", "x"], ["a", "x", "t", "<>"]),
        ["replace_MalformedReference_KeepsDollar"] = One(Rule(source: ["a"], target: "t", replacement: "${1 $-"), ["a", "x"], ["a", "x", "t", "${1 $-"]),
        ["replace_WholeMatchIndexZero"] = One(Rule(source: ["a"], regex: "(a)(b)", target: "t", replacement: "$0!"), ["a", "ab"], ["a", "ab", "t", "ab!"]),
        ["replace_TargetLabelWithGroupReference"] = One(Rule(source: ["a"], target: "${1}_label"), ["a", "foo"], ["a", "foo", "foo_label", "foo"]),
        ["replace_TargetExpandsToInvalidName_NoChange"] = One(Rule(source: ["a"], target: "$1", replacement: "v"), ["a", "1abc"], ["a", "1abc"]),
        ["replace_TargetExpandsToEmptyName_NoChange"] = One(Rule(source: ["a"], target: "$1", replacement: "v"), ["b", "x"], ["b", "x"]),
        ["replace_EmptyResult_DeletesTarget"] = One(Rule(source: ["missing"], target: "t"), ["t", "old", "u", "1"], ["u", "1"]),
        ["replace_EmptyReplacement_DeletesTarget"] = One(Rule(target: "env", replacement: ""), ["env", "x", "u", "1"], ["u", "1"]),
        ["replace_NoSourceLabels_SetsLiteral"] = One(Rule(target: "env", replacement: "production"), ["a", "1"], ["a", "1", "env", "production"]),
        ["replace_DotMatchesNewline"] = One(Rule(source: ["a"], regex: "foo.bar", target: "t", replacement: "ok"), ["a", "foo\nbar"], ["a", "foo\nbar", "t", "ok"]),
        ["replace_OverwritesExistingTarget"] = One(Rule(source: ["a"], target: "t"), ["a", "new", "t", "old"], ["a", "new", "t", "new"]),
        ["replace_ApiServerProxyMetricsPath"] = new(
            [
                Rule(target: "__address__", replacement: "kubernetes.default.svc:443"),
                Rule(source: ["__meta_kubernetes_node_name"], regex: "(.+)", target: "__metrics_path__", replacement: "/api/v1/nodes/${1}/proxy/metrics"),
            ],
            ["__address__", "10.0.0.1:10250", "__meta_kubernetes_node_name", "node-1", "__metrics_path__", "/metrics"],
            ["__address__", "kubernetes.default.svc:443", "__meta_kubernetes_node_name", "node-1", "__metrics_path__", "/api/v1/nodes/node-1/proxy/metrics"]),

        // keep
        ["keep_Matches_Kept"] = One(Rule(RelabelAction.Keep, ["a"], regex: "fo+"), ["a", "foo"], ["a", "foo"]),
        ["keep_NoMatch_Dropped"] = One(Rule(RelabelAction.Keep, ["a"], regex: "fo+"), ["a", "bar"], null),
        ["keep_Anchored_PartialMatchDropped"] = One(Rule(RelabelAction.Keep, ["a"], regex: "foo"), ["a", "foobar"], null),
        ["keep_MissingSource_MatchesEmptyRegex"] = One(Rule(RelabelAction.Keep, ["missing"], regex: ""), ["a", "1"], ["a", "1"]),
        ["keep_MissingSource_DoesNotMatchNonEmpty"] = One(Rule(RelabelAction.Keep, ["missing"], regex: ".+"), ["a", "1"], null),
        ["keep_MultipleSourcesCustomSeparator"] = One(Rule(RelabelAction.Keep, ["a", "b", "c"], separator: "/", regex: "x/y/"), ["a", "x", "b", "y"], ["a", "x", "b", "y"]),
        ["keep_MultipleSourcesLongValue_Kept"] = One(
            Rule(RelabelAction.Keep, ["a", "b"], regex: "x+;y"), ["a", new string('x', 1000), "b", "y"], ["a", new string('x', 1000), "b", "y"]),
        ["keep_DefaultRegex_Kept"] = One(Rule(RelabelAction.Keep), ["a", "1"], ["a", "1"]),
        ["keep_DotMatchesNewline"] = One(Rule(RelabelAction.Keep, ["a"], regex: "a.b"), ["a", "a\nb"], ["a", "a\nb"]),

        // drop
        ["drop_Matches_Dropped"] = One(Rule(RelabelAction.Drop, ["__name__"], regex: "go_.*"), ["__name__", "go_gc"], null),
        ["drop_NoMatch_Kept"] = One(Rule(RelabelAction.Drop, ["__name__"], regex: "go_.*"), ["__name__", "up"], ["__name__", "up"]),
        ["drop_Anchored_PartialMatchKept"] = One(Rule(RelabelAction.Drop, ["a"], regex: "foo"), ["a", "foobar"], ["a", "foobar"]),
        ["drop_MissingSource_EmptyRegexDrops"] = One(Rule(RelabelAction.Drop, ["missing"], regex: ""), ["a", "1"], null),
        ["drop_MultipleSources_Dropped"] = One(Rule(RelabelAction.Drop, ["a", "b"], separator: "", regex: "xy"), ["a", "x", "b", "y"], null),
        ["drop_DotMatchesNewline"] = One(Rule(RelabelAction.Drop, ["a"], regex: "a.b"), ["a", "a\nb"], null),

        // keepequal / dropequal
        ["keepequal_Equal_Kept"] = One(Rule(RelabelAction.KeepEqual, ["a"], target: "b"), ["a", "1", "b", "1"], ["a", "1", "b", "1"]),
        ["keepequal_NotEqual_Dropped"] = One(Rule(RelabelAction.KeepEqual, ["a"], target: "b"), ["a", "1", "b", "2"], null),
        ["keepequal_BothMissing_Kept"] = One(Rule(RelabelAction.KeepEqual, ["x"], target: "y"), ["a", "1"], ["a", "1"]),
        ["keepequal_MultipleSources_ComparesJoined"] = One(
            Rule(RelabelAction.KeepEqual, ["a", "b"], target: "c"), ["a", "1", "b", "2", "c", "1;2"], ["a", "1", "b", "2", "c", "1;2"]),
        ["dropequal_Equal_Dropped"] = One(Rule(RelabelAction.DropEqual, ["a"], target: "b"), ["a", "1", "b", "1"], null),
        ["dropequal_NotEqual_Kept"] = One(Rule(RelabelAction.DropEqual, ["a"], target: "b"), ["a", "1", "b", "2"], ["a", "1", "b", "2"]),
        ["dropequal_MultipleSourcesNotEqual_Kept"] = One(
            Rule(RelabelAction.DropEqual, ["a", "b"], target: "c"), ["a", "1", "b", "2", "c", "1;3"], ["a", "1", "b", "2", "c", "1;3"]),

        // hashmod (expected values from Python's hashlib, independently of .NET)
        ["hashmod_KnownValue"] = One(Rule(RelabelAction.HashMod, ["a"], target: "t", modulus: 1000), ["a", "foo"], ["a", "foo", "t", "696"]),
        ["hashmod_Address_KnownValue"] = One(
            Rule(RelabelAction.HashMod, ["__address__"], target: "__tmp_hash", modulus: 8),
            ["__address__", "10.0.0.1:9100"], ["__address__", "10.0.0.1:9100", "__tmp_hash", "5"]),
        ["hashmod_MultipleSources_HashesJoined"] = One(Rule(RelabelAction.HashMod, ["a", "b"], target: "t", modulus: 7), ["a", "a", "b", "b"], ["a", "a", "b", "b", "t", "2"]),
        ["hashmod_MissingSource_HashesEmpty"] = One(Rule(RelabelAction.HashMod, ["missing"], target: "t", modulus: 1000), ["a", "1"], ["a", "1", "t", "958"]),
        ["hashmod_ModulusOne_IsZero"] = One(Rule(RelabelAction.HashMod, ["a"], target: "t", modulus: 1), ["a", "foo"], ["a", "foo", "t", "0"]),

        // labelmap
        ["labelmap_KubernetesNodeLabels"] = One(
            Rule(RelabelAction.LabelMap, regex: "__meta_kubernetes_node_label_(.+)"),
            ["__address__", "10.0.0.1:10250", "__meta_kubernetes_node_label_kubernetes_io_os", "linux", "__meta_kubernetes_node_label_zone", "a"],
            ["__address__", "10.0.0.1:10250", "__meta_kubernetes_node_label_kubernetes_io_os", "linux", "__meta_kubernetes_node_label_zone", "a",
                "kubernetes_io_os", "linux", "zone", "a"]),
        ["labelmap_ReplacementWithPrefix"] = One(
            Rule(RelabelAction.LabelMap, regex: "__meta_(.+)", replacement: "k8s_$1"), ["__meta_x", "1"], ["__meta_x", "1", "k8s_x", "1"]),
        ["labelmap_NoMatch_NoChange"] = One(Rule(RelabelAction.LabelMap, regex: "__meta_(.+)"), ["a", "1"], ["a", "1"]),
        ["labelmap_Anchored"] = One(Rule(RelabelAction.LabelMap, regex: "meta_(.+)"), ["__meta_x", "1"], ["__meta_x", "1"]),
        ["labelmap_OverwritesExisting"] = One(Rule(RelabelAction.LabelMap, regex: "__meta_(.+)"), ["__meta_a", "new", "a", "old"], ["__meta_a", "new", "a", "new"]),

        // labeldrop / labelkeep
        ["labeldrop_DropsMatchingNames"] = One(
            Rule(RelabelAction.LabelDrop, regex: "__meta_.*"), ["__meta_a", "1", "__meta_b", "2", "job", "x"], ["job", "x"]),
        ["labeldrop_Anchored"] = One(Rule(RelabelAction.LabelDrop, regex: "foo"), ["foo", "1", "foobar", "2"], ["foobar", "2"]),
        ["labeldrop_NoMatch_NoChange"] = One(Rule(RelabelAction.LabelDrop, regex: "zzz"), ["a", "1"], ["a", "1"]),
        ["labelkeep_KeepsMatchingNames"] = One(
            Rule(RelabelAction.LabelKeep, regex: "__name__|job|instance"), ["__name__", "up", "job", "x", "pod", "p", "instance", "i"],
            ["__name__", "up", "job", "x", "instance", "i"]),
        ["labelkeep_Anchored"] = One(Rule(RelabelAction.LabelKeep, regex: "foo"), ["foo", "1", "foobar", "2"], ["foo", "1"]),

        // lowercase / uppercase
        ["lowercase_SetsTarget"] = One(Rule(RelabelAction.Lowercase, ["a"], target: "b"), ["a", "FooBAR"], ["a", "FooBAR", "b", "foobar"]),
        ["lowercase_MultipleSourcesCustomSeparator"] = One(
            Rule(RelabelAction.Lowercase, ["a", "b"], separator: "-", target: "c"), ["a", "X", "b", "Y"], ["a", "X", "b", "Y", "c", "x-y"]),
        ["lowercase_MissingSource_DeletesTarget"] = One(Rule(RelabelAction.Lowercase, ["missing"], target: "c"), ["c", "old"], []),
        ["uppercase_SetsTarget"] = One(Rule(RelabelAction.Uppercase, ["a"], target: "b"), ["a", "fooBar"], ["a", "fooBar", "b", "FOOBAR"]),
        ["uppercase_InPlace"] = One(Rule(RelabelAction.Uppercase, ["a"], target: "a"), ["a", "x"], ["a", "X"]),

        // several rules
        ["pipeline_DropStopsLaterRules"] = new(
            [Rule(RelabelAction.Drop, ["a"], regex: "1"), Rule(target: "b", replacement: "never")], ["a", "1"], null),
        ["pipeline_LaterRulesSeeEarlierResults"] = new(
            [Rule(source: ["a"], target: "__tmp_x", replacement: "v$1"), Rule(RelabelAction.Keep, ["__tmp_x"], regex: "v1"), Rule(RelabelAction.LabelDrop, regex: "__tmp_.*")],
            ["a", "1"], ["a", "1"]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Process_LabelSet_FollowsPrometheusSemantics(string name)
    {
        var c = Cases[name];
        var result = Relabeler.Process(LabelSet.FromStrings(c.Input), RelabelRules.Compile(c.Rules));
        if (c.Expected is null) Assert.Null(result);
        else Assert.Equal(LabelSet.FromStrings(c.Expected), result);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Process_Builder_AgreesWithLabelSetOverload(string name)
    {
        var c = Cases[name];
        var builder = new LabelSetBuilder(LabelSet.FromStrings(c.Input));
        var keep = Relabeler.Process(builder, RelabelRules.Compile(c.Rules));
        Assert.Equal(c.Expected is not null, keep);
        if (c.Expected is not null) Assert.Equal(LabelSet.FromStrings(c.Expected), builder.ToLabelSet());
    }

    [Theory]
    [InlineData("foo", 1000UL)]
    [InlineData("10.0.0.1:9100", 3UL)]
    [InlineData("kube-node-1:10250;default", 4UL)]
    [InlineData("ünïcødé", 97UL)]
    [InlineData("", 12345678901UL)]
    [InlineData("long", ulong.MaxValue)]
    public void Process_HashMod_IsMd5LastEightBytesBigEndianModulo(string value, ulong modulus)
    {
        var expected = ExpectedHashMod(value, modulus);
        var rules = RelabelRules.Compile([Rule(RelabelAction.HashMod, ["a"], target: "t", modulus: modulus)]);

        var result = Relabeler.Process(LabelSet.FromStrings("a", value, "b", "x"), rules);

        Assert.Equal(expected, result!.Get("t"));
    }

    // Computed here with the framework's MD5, independently of the engine's code path.
    private static string ExpectedHashMod(string value, ulong modulus)
    {
#pragma warning disable CA5351 // MD5 is what Prometheus's hashmod specifies.
        var md5 = MD5.HashData(Encoding.UTF8.GetBytes(value));
#pragma warning restore CA5351
        return (BinaryPrimitives.ReadUInt64BigEndian(md5.AsSpan(8)) % modulus).ToString(CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Process_HashMod_LongJoinedValueUsesWholeValue()
    {
        var a = new string('a', 700);
        var b = new string('é', 300);
        var expected = ExpectedHashMod(a + "|" + b, 1_000_003UL);
        var rules = RelabelRules.Compile([Rule(RelabelAction.HashMod, ["a", "b"], separator: "|", target: "t", modulus: 1_000_003)]);

        Assert.Equal(expected, Relabeler.Process(LabelSet.FromStrings("a", a, "b", b), rules)!.Get("t"));
    }

    [Fact]
    public void Process_NothingChanged_ReturnsSameInstance()
    {
        var input = LabelSet.FromStrings("__name__", "up", "job", "x");
        var rules = RelabelRules.Compile([Rule(RelabelAction.Keep, ["job"], regex: "x"), Rule(source: ["job"], target: "job")]);

        Assert.Same(input, Relabeler.Process(input, rules));
    }

    [Fact]
    public void Process_EmptyRules_ReturnsInput()
    {
        var input = LabelSet.FromStrings("a", "1");
        Assert.Same(input, Relabeler.Process(input, RelabelRules.Empty));
    }

    [Fact]
    public void ProcessSteps_DocumentationExample_RecordsEachStepAndTheDrop()
    {
        var rules = RelabelRules.Compile(
        [
            Rule(target: "env", replacement: "development"),
            Rule(RelabelAction.Drop, ["__address__"], regex: "localhost:.*"),
            Rule(target: "never", replacement: "reached"),
        ]);

        var steps = Relabeler.ProcessSteps(LabelSet.FromStrings("__address__", "localhost:9090", "job", "prometheus"), rules);

        Assert.Equal(2, steps.Count);
        Assert.Same(rules[0], steps[0].Rule);
        Assert.True(steps[0].Keep);
        Assert.Equal(LabelSet.FromStrings("__address__", "localhost:9090", "env", "development", "job", "prometheus"), steps[0].Output);
        Assert.Same(rules[1], steps[1].Rule);
        Assert.False(steps[1].Keep);
        Assert.Empty(steps[1].Output);
    }

    [Fact]
    public void ProcessSteps_AllKept_OneStepPerRuleWithIntermediateLabels()
    {
        var rules = RelabelRules.Compile(
        [
            Rule(source: ["a"], target: "b"),
            Rule(RelabelAction.LabelDrop, regex: "a"),
        ]);

        var steps = Relabeler.ProcessSteps(LabelSet.FromStrings("a", "1"), rules);

        Assert.Equal(2, steps.Count);
        Assert.Equal(LabelSet.FromStrings("a", "1", "b", "1"), steps[0].Output);
        Assert.Equal(LabelSet.FromStrings("b", "1"), steps[1].Output);
        Assert.All(steps, s => Assert.True(s.Keep));
    }

    [Fact]
    public void Process_KeepEverything_LeavesRandomLabelSetsUnchanged()
    {
        var rules = RelabelRules.Compile([Rule(RelabelAction.Keep, ["a", "b"], regex: ".*")]);
        var name = Gen.Select(Gen.Char['a', 'z'], Gen.String[Gen.Char.AlphaNumeric, 0, 12], (c, s) => c + s);
        var value = Gen.String[Gen.Char, 1, 20];
        var labelSets = Gen.Dictionary(name, value)[0, 12]
            .Select(d => LabelSet.FromUnsorted([.. d.Select(kv => new Label(kv.Key, kv.Value))]));

        labelSets.Sample(input =>
        {
            var output = Relabeler.Process(input, rules);
            return ReferenceEquals(input, output);
        });
    }
}
