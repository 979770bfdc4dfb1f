using System.Text;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Functions.Http;
using CalendarSync.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CalendarSync.Cli.Tests.Commands;

/// <summary><c>calsync appointments put</c> beside the data API: the same input makes the same appointment, or the same refusal.</summary>
public sealed class AppointmentsCommandTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    private const string Start = "2026-12-01T09:00:00+01:00";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2028-01-05T09:00:00+01:00", "end")]
    [InlineData("2026-12-01T10:00:00", "end")]
    [InlineData("2101-01-01T10:00:00Z", "end")]
    public async Task Put_WhatTheDataApiRefuses_IsRefusedWithTheSameMessage(string end, string field)
    {
        using var calsync = Calsync.On(azurite, emulator);
        var staffId = "s-" + Guid.NewGuid().ToString("N")[..10];

        var cli = await calsync.RunAsync("appointments", "put", staffId, "a-1", "--start", Start, "--end", end, "--customer", "Jane Doe");
        using var host = await calsync.StartHostAsync();
        var answer = Assert.IsType<ObjectResult>(await DataApi(host.Services).PutAppointment(
            Request($$"""{"start":"{{Start}}","end":"{{end}}","customerName":"Jane Doe"}"""), staffId, "a-1"));

        var problem = Assert.IsType<ProblemDetails>(answer.Value);
        Assert.Equal((400, field), (answer.StatusCode, (string?)problem.Extensions["field"]));
        Assert.Equal(1, cli.ExitCode);
        Assert.Equal(problem.Detail, cli.Error.Trim());
        Assert.Null(await host.Services.GetRequiredService<IAppointmentData>().GetItemAsync(staffId, new ItemKey(ItemKind.Appointment, "a-1"), Cancel));
    }

    [Fact]
    public async Task Put_SameInputAsTheDataApi_StoresTheSameAppointment()
    {
        using var calsync = Calsync.On(azurite, emulator);
        var staffId = "s-" + Guid.NewGuid().ToString("N")[..10];

        (await calsync.RunAsync("appointments", "put", staffId, "a-cli", "--start", Start, "--end", "2026-12-01T10:00:00+01:00", "--customer", "Jane Doe"))
            .AssertSucceeded();
        using var host = await calsync.StartHostAsync();
        await DataApi(host.Services).PutAppointment(
            Request($$"""{"start":"{{Start}}","end":"2026-12-01T10:00:00+01:00","customerName":"Jane Doe"}"""), staffId, "a-api");

        var data = host.Services.GetRequiredService<IAppointmentData>();
        var fromCli = (Appointment)(await data.GetItemAsync(staffId, new ItemKey(ItemKind.Appointment, "a-cli"), Cancel))!;
        var fromApi = (Appointment)(await data.GetItemAsync(staffId, new ItemKey(ItemKind.Appointment, "a-api"), Cancel))!;
        Assert.Equal(
            (fromApi.Period, fromApi.CustomerName, fromApi.Title, fromApi.Notes, fromApi.Status),
            (fromCli.Period, fromCli.CustomerName, fromCli.Title, fromCli.Notes, fromCli.Status));
        Assert.Equal(string.Empty, fromCli.Title);
    }

    private static DataApiFunction DataApi(IServiceProvider services) =>
        new(services.GetRequiredService<AppointmentDataService>(), NullLogger<DataApiFunction>.Instance);

    private static HttpRequest Request(string body)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "PUT";
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        request.ContentType = "application/json";
        return request;
    }
}
