using System.Text;
using CsCheck;
using MetricsServer.Model.Labels;

namespace MetricsServer.Model.Tests.Labels;

public class Utf8StringComparerTests
{
    [Fact]
    public void Compare_SurrogatePairAgainstPrivateUse_FollowsUtf8Bytes()
    {
        // U+1F600 is F0 9F 98 80 in UTF-8, after U+E000 (EE 80 80), although its UTF-16 surrogate D83D sorts first.
        Assert.True(Utf8StringComparer.Instance.Compare("😀", "\uE000") > 0);
        Assert.True(string.CompareOrdinal("😀", "\uE000") < 0);
    }

    [Fact]
    public void Compare_RandomStrings_AgreesWithUtf8ByteOrder()
    {
        var chars = Gen.OneOf("a", "Z", "é", "日", "\uE000", "\uFFFD", "😀", "𝄞", "");
        chars.Array[0, 5].Select(string.Concat).Select(chars.Array[0, 5].Select(string.Concat)).Sample((a, b) =>
        {
            var expected = Math.Sign(Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
            Assert.Equal(expected, Math.Sign(Utf8StringComparer.Instance.Compare(a, b)));
        });
    }

    [Fact]
    public void Compare_LabelSets_NameThenValueThenLength()
    {
        var a = LabelSet.FromStrings("a", "1");
        var ab = LabelSet.FromStrings("a", "1", "b", "1");
        var a2 = LabelSet.FromStrings("a", "2");
        Assert.True(LabelSetComparer.Instance.Compare(a, ab) < 0);
        Assert.True(LabelSetComparer.Instance.Compare(ab, a2) < 0);
        Assert.Equal(0, LabelSetComparer.Instance.Compare(a, LabelSet.FromStrings("a", "1")));
    }

    [Fact]
    public void Compare_LabelSets_OrderValuesByUtf8Bytes()
    {
        // Go compares strings by bytes, so Prometheus sorts U+E000 before a surrogate pair; so must every storage here.
        var privateUse = LabelSet.FromStrings("a", "\uE000");
        var emoji = LabelSet.FromStrings("a", "😀");
        Assert.True(LabelSetComparer.Instance.Compare(privateUse, emoji) < 0);
    }
}
