using CsCheck;
using MetricsServer.Query.Parsing;

namespace MetricsServer.Query.Tests.Parsing;

/// <summary>Mutated queries never throw anything but <see cref="PromQLParseException"/>, and never hang.</summary>
public class PromQLParserFuzzTests
{
    private static readonly string[] Seeds =
    [
        "histogram_quantile(0.99, sum by (le, handler) (rate(http_request_duration_seconds_bucket{job=\"api\", code=~\"5..\"}[5m])))",
        "sum without (instance) (rate(x{a!=\"b\"}[5m] offset -1m @ end())) / on(job) group_left(v) count(y) > bool 3",
        "topk(5, foo[1h:5m] offset (2m*3)) and bar unless baz or -2 ^ -3 atan2 4",
        "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\") + fill_left(0) {\"metric.name\", x=~'y'}",
        "count_values(`v`, x) % 0x1f - 1e-3 + Inf * nan + 1h30m",
        "rate(foo[step()+1ms] smoothed) - min_over_time(x[max_of(1m, range())])",
    ];

    private static readonly string Alphabet = "(){}[]\"'`,:=!~<>+-*/%^@#.0123456789eExaz_ \n\\";

    [Fact]
    public void Parse_MutatedQuery_OnlyThrowsParseException()
    {
        var gen =
            from seedIndex in Gen.Int[0, Seeds.Length - 1]
            from edits in Gen.Int[1, 6].SelectMany(n => Gen.Select(Gen.Int[0, 2], Gen.Int[0, 10_000], Gen.Char[Alphabet]).Array[n])
            select Mutate(Seeds[seedIndex], edits);
        gen.Sample(query =>
        {
            var task = Task.Run(() =>
            {
                try
                {
                    var e = PromQLParser.Parse(query, PromQLParserOptions.AllFeatures);
                    // Whatever parses must print to something that parses to the same text.
                    var printed = e.ToString();
                    Assert.Equal(printed, PromQLParser.Parse(printed, PromQLParserOptions.AllFeatures).ToString());
                }
                catch (PromQLParseException)
                {
                }
            });
            Assert.True(task.Wait(TimeSpan.FromSeconds(10)), "parser hung on: " + query);
            task.GetAwaiter().GetResult();
        }, iter: 20_000);
    }

    private static string Mutate(string seed, (int Kind, int Pos, char C)[] edits)
    {
        var chars = new List<char>(seed);
        foreach (var (kind, pos, c) in edits)
        {
            var p = chars.Count == 0 ? 0 : pos % (chars.Count + 1);
            switch (kind)
            {
                case 0: chars.Insert(p, c); break;
                case 1: if (p < chars.Count) chars.RemoveAt(p); break;
                default: if (p < chars.Count) chars[p] = c; break;
            }
        }
        return new string(chars.ToArray());
    }
}
