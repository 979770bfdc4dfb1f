using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Tests.Runs;

public sealed class SyncRequestTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 15, 0, 0, TimeSpan.FromHours(1));

    [Theory]
    [InlineData(SyncReason.Schedule, "schedule")]
    [InlineData(SyncReason.Manual, "manual")]
    [InlineData(SyncReason.Push, "push")]
    [InlineData(SyncReason.Connect, "connect")]
    public void ToJson_EveryReason_ParsesBackTheSame(SyncReason reason, string wireName)
    {
        var json = new SyncRequest("s-1", reason, At).ToJson();

        var parsed = SyncRequest.Parse(json);

        Assert.Contains($"\"reason\":\"{wireName}\"", json, StringComparison.Ordinal);
        Assert.Contains("\"version\":1", json, StringComparison.Ordinal);
        Assert.Equal(("s-1", reason, At), (parsed.StaffId, parsed.Reason, parsed.RequestedAt));
        Assert.Equal(At.Offset, parsed.RequestedAt.Offset);
    }

    [Fact]
    public void Parse_FieldsInAnyOrder_Accepted()
    {
        var parsed = SyncRequest.Parse("""{"requestedAt":"2026-11-24T15:00:00.0000000+01:00","reason":"push","staffId":"a.b_c-1","version":1}""");

        Assert.Equal("a.b_c-1", parsed.StaffId);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "not an object")]
    [InlineData("\"text\"", "not an object")]
    [InlineData("""{"staffId":"s1","reason":"manual","requestedAt":"2026-11-24T15:00:00.0000000+00:00"}""", "no integer 'version'")]
    [InlineData("""{"version":"1","staffId":"s1","reason":"manual","requestedAt":"2026-11-24T15:00:00.0000000+00:00"}""", "no integer 'version'")]
    [InlineData("""{"version":2,"staffId":"s1","reason":"manual","requestedAt":"2026-11-24T15:00:00.0000000+00:00"}""", "unknown field 'staffId'")]
    [InlineData("""{"version":1.5,"staffId":"s1","reason":"manual","requestedAt":"2026-11-24T15:00:00.0000000+00:00"}""", "no integer 'version'")]
    [InlineData("""{"version":1,"reason":"manual","requestedAt":"2026-11-24T15:00:00.0000000+00:00"}""", "no string 'staffId'")]
    [InlineData("""{"version":1,"staffId":17,"reason":"manual","requestedAt":"2026-11-24T15:00:00.0000000+00:00"}""", "no string 'staffId'")]
    [InlineData("""{"version":1,"staffId":"../x","reason":"manual","requestedAt":"2026-11-24T15:00:00.0000000+00:00"}""", "not a valid id")]
    [InlineData("""{"version":1,"staffId":"x' or PartitionKey ne '","reason":"manual","requestedAt":"2026-11-24T15:00:00.0000000+00:00"}""", "not a valid id")]
    [InlineData("""{"version":1,"staffId":"s1","reason":"Manual","requestedAt":"2026-11-24T15:00:00.0000000+00:00"}""", "reason 'Manual'")]
    [InlineData("""{"version":1,"staffId":"s1","reason":"manual","requestedAt":"yesterday"}""", "requestedAt 'yesterday'")]
    [InlineData("""{"version":1,"staffId":"s1","reason":"manual","requestedAt":"2026-11-24T15:00:00.0000000+00:00","allowMassDelete":true}""", "unknown field 'allowMassDelete'")]
    [InlineData("""{"version":1,"staffId":"s1","staffId":"s2","reason":"manual","requestedAt":"2026-11-24T15:00:00.0000000+00:00"}""", "twice")]
    public void Parse_Malformed_SaysWhatIsWrong(string? message, string expected)
    {
        var error = Assert.Throws<MalformedSyncRequestException>(() => SyncRequest.Parse(message));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnpairedSurrogate_IsMalformedNotACrash()
    {
        var ex = Assert.Throws<MalformedSyncRequestException>(() => SyncRequest.Parse("{\"version\":1,\"staffId\":\"\ud800\"}"));

        Assert.Contains("unpaired surrogate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Oversized_RefusedUnread()
    {
        var error = Assert.Throws<MalformedSyncRequestException>(() => SyncRequest.Parse(new string(' ', SyncRequestPage.MaxMessageLength) + "{}"));

        Assert.Contains($"at most {SyncRequestPage.MaxMessageLength}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ControlCharactersInInput_NeverReachTheMessage()
    {
        var error = Assert.Throws<MalformedSyncRequestException>(() =>
            SyncRequest.Parse("{\"version\":1,\"staffId\":\"s1\",\"reason\":\"a\\nFAKE LOG LINE\",\"requestedAt\":\"x\"}"));

        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Constructor_InvalidStaffId_Refused()
    {
        Assert.Throws<DomainValidationException>(() => new SyncRequest("a#b", SyncReason.Manual, At));
    }
}
