using System.Text.RegularExpressions;
using CalendarSync.Azure.Secrets;

namespace CalendarSync.Azure.Tests.Secrets;

public sealed partial class RefreshTokenSecretNameTests
{
    public static TheoryData<string> HostileIds =>
    [
        "../x",
        "a#b",
        "'",
        "%27",
        "a/b\\c?d",
        new string('x', 2_000),
        "Zoë-日本-🗓",
        "tab\there",
        "line\nbreak",
        "nul\0byte",
        "\u202Eright-to-left",
        " ",
        "refresh-token-",
    ];

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void For_HostileId_GivesValidKeyVaultName(string staffId)
    {
        var name = RefreshTokenSecretName.For(staffId);

        Assert.Matches(KeyVaultName(), name);
    }

    [Fact]
    public void For_KnownId_GivesPrefixAndSha256()
    {
        // Pinned: a change of scheme would orphan every stored token.
        Assert.Equal("refresh-token-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", RefreshTokenSecretName.For("abc"));
    }

    [Fact]
    public void For_IdsDifferingOnlyInCase_GiveNamesThatDifferIgnoringCase()
    {
        // Key Vault compares names without regard to case.
        Assert.NotEqual(RefreshTokenSecretName.For("Staff-A"), RefreshTokenSecretName.For("staff-a"), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void For_UnicodeNormalizationForms_GiveDifferentNames()
    {
        // Ids are opaque: "é" as one code point and as e + combining accent are two ids.
        Assert.NotEqual(RefreshTokenSecretName.For("caf\u00e9"), RefreshTokenSecretName.For("cafe\u0301"));
    }

    [Fact]
    public void For_ManyDistinctIds_GivesDistinctNames()
    {
        var ids = Enumerable.Range(0, 10_000).SelectMany(i => new[] { $"staff-{i}", $"STAFF-{i}", $"staff-{i} " }).ToList();

        var names = ids.Select(RefreshTokenSecretName.For).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Equal(ids.Count, names.Count);
    }

    [Theory]
    [InlineData(0xD800)]
    [InlineData(0xDC00)]
    public void For_LoneSurrogate_Throws(int surrogate)
    {
        // Built at run time: an attribute would store the string as UTF-8 and so lose the surrogate.
        var staffId = $"a{(char)surrogate}b";

        // UTF-8 would otherwise turn every lone surrogate into the same U+FFFD.
        Assert.Throws<ArgumentException>(() => RefreshTokenSecretName.For(staffId));
    }

    [Fact]
    public void For_EmptyId_Throws()
    {
        Assert.Throws<ArgumentException>(() => RefreshTokenSecretName.For(""));
    }

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex KeyVaultName();
}
