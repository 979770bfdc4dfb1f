using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Tests.Runs;

public sealed class SyncRequestPageTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 15, 0, 0, TimeSpan.FromHours(1));

    private const string Tail = "\"reason\":\"schedule\",\"requestedAt\":\"2026-11-24T15:00:00.0000000+00:00\"}";

    [Fact]
    public void ToJson_Page_ParsesBackTheSameInOrder()
    {
        var json = new SyncRequestPage(["s-2", "s-1", "s-3"], SyncReason.Schedule, At).ToJson();

        var parsed = SyncRequestPage.Parse(json);

        Assert.StartsWith("{\"version\":2,\"staffIds\":[\"s-2\",\"s-1\",\"s-3\"],", json, StringComparison.Ordinal);
        Assert.Equal((SyncRequestPage.PageVersion, false), (parsed.Version, parsed.IsSingleRequest));
        Assert.Equal(["s-2", "s-1", "s-3"], parsed.Requests.Select(r => r.StaffId));
        Assert.All(parsed.Requests, r => Assert.Equal((SyncReason.Schedule, At), (r.Reason, r.RequestedAt)));
    }

    [Fact]
    public void Parse_VersionOneRequest_IsAPageOfOneThatWritesBackAsVersionOne()
    {
        // A message queued by the previous release, read after the deploy.
        var single = new SyncRequest("s-1", SyncReason.Push, At).ToJson();

        var parsed = SyncRequestPage.Parse(single);

        Assert.Equal((SyncRequest.CurrentVersion, true), (parsed.Version, parsed.IsSingleRequest));
        Assert.Equal(new SyncRequest("s-1", SyncReason.Push, At), Assert.Single(parsed.Requests));
        Assert.Equal(single, parsed.ToJson());
    }

    [Fact]
    public void SyncRequestParse_Page_RefusedAsNotOneStaffMembersRequest()
    {
        var page = new SyncRequestPage(["s-1", "s-2"], SyncReason.Schedule, At).ToJson();

        var error = Assert.Throws<MalformedSyncRequestException>(() => SyncRequest.Parse(page));

        Assert.Contains("a page of 2 staff members (version 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LargestPage_FitsTheLimit()
    {
        var ids = Enumerable.Range(0, SyncRequestPage.MaxStaff).Select(i => i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + new string('x', ItemId.MaxLength - 3));

        var json = new SyncRequestPage(ids, SyncReason.Schedule, At).ToJson();

        Assert.True(json.Length <= SyncRequestPage.MaxMessageLength, $"{json.Length} characters");
        Assert.Equal(SyncRequestPage.MaxStaff, SyncRequestPage.Parse(json).Requests.Count);
    }

    [Theory]
    [InlineData("{\"version\":2,\"staffId\":\"s1\"," + Tail, "unknown field 'staffId'")]
    [InlineData("{\"version\":1,\"staffIds\":[\"s1\"]," + Tail, "unknown field 'staffIds'")]
    [InlineData("{\"version\":2," + Tail, "no array 'staffIds'")]
    [InlineData("{\"version\":2,\"staffIds\":\"s1\"," + Tail, "no array 'staffIds'")]
    [InlineData("{\"version\":2,\"staffIds\":[]," + Tail, "names 0 staff members")]
    [InlineData("{\"version\":2,\"staffIds\":[\"s1\",17]," + Tail, "holds a JSON Number")]
    [InlineData("{\"version\":2,\"staffIds\":[\"s1\",null]," + Tail, "holds a JSON Null")]
    [InlineData("{\"version\":2,\"staffIds\":[[\"s1\"]]," + Tail, "holds a JSON Array")]
    [InlineData("{\"version\":2,\"staffIds\":[\"s1\",\"../x\"]," + Tail, "'../x' is not a valid id")]
    [InlineData("{\"version\":2,\"staffIds\":[\"s1\",\"x' or PartitionKey ne '\"]," + Tail, "is not a valid id")]
    [InlineData("{\"version\":2,\"staffIds\":[\"s1\",\"s1\"]," + Tail, "'s1' twice")]
    [InlineData("{\"version\":2,\"staffIds\":[\"s1\"],\"staffIds\":[\"s2\"]," + Tail, "'staffIds' twice")]
    [InlineData("{\"version\":2,\"staffIds\":[\"s1\"],\"allowMassDelete\":true," + Tail, "unknown field 'allowMassDelete'")]
    [InlineData("{\"version\":2,\"staffIds\":[\"s1\"],\"reason\":\"Schedule\",\"requestedAt\":\"2026-11-24T15:00:00.0000000+00:00\"}", "reason 'Schedule'")]
    [InlineData("{\"version\":2,\"staffIds\":[\"s1\"],\"reason\":\"schedule\"}", "no string 'requestedAt'")]
    [InlineData("{\"version\":3,\"staffIds\":[\"s1\"]," + Tail, "version 3; this reader knows versions 1 (one staff member) and 2 (a page)")]
    public void Parse_MalformedPage_SaysWhatIsWrong(string message, string expected)
    {
        var error = Assert.Throws<MalformedSyncRequestException>(() => SyncRequestPage.Parse(message));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyStaffMembers_Refused()
    {
        var ids = string.Join(',', Enumerable.Range(0, SyncRequestPage.MaxStaff + 1).Select(i => $"\"s{i}\""));

        var error = Assert.Throws<MalformedSyncRequestException>(() => SyncRequestPage.Parse("{\"version\":2,\"staffIds\":[" + ids + "]," + Tail));

        Assert.Contains($"names {SyncRequestPage.MaxStaff + 1} staff members; a page names 1 to {SyncRequestPage.MaxStaff}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeeplyNestedStaffIds_RefusedNotRecursed()
    {
        var nested = new string('[', 64) + new string(']', 64);

        var error = Assert.Throws<MalformedSyncRequestException>(() => SyncRequestPage.Parse("{\"version\":2,\"staffIds\":" + nested + "," + Tail));

        Assert.Contains("not JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ControlCharactersInAStaffId_NeverReachTheMessage()
    {
        var error = Assert.Throws<MalformedSyncRequestException>(() =>
            SyncRequestPage.Parse("{\"version\":2,\"staffIds\":[\"s1\",\"a\\nFAKE LOG LINE\"]," + Tail));

        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SyncRequestPage.MaxStaff + 1)]
    public void Constructor_OutOfRangeCount_Refused(int count)
    {
        Assert.Throws<DomainValidationException>(() => new SyncRequestPage(Enumerable.Range(0, count).Select(i => $"s{i}"), SyncReason.Schedule, At));
    }

    [Fact]
    public void Constructor_StaffMemberTwiceOrInvalid_Refused()
    {
        Assert.Throws<DomainValidationException>(() => new SyncRequestPage(["s1", "s1"], SyncReason.Schedule, At));
        Assert.Throws<DomainValidationException>(() => new SyncRequestPage(["s1", "a#b"], SyncReason.Schedule, At));
    }
}
