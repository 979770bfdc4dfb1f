using System.Reflection;
using System.Text.Json.Nodes;
using CalendarSync.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Tests.Configuration;

/// <summary>The host builds each function class from the container per invocation; every one must be buildable.</summary>
public sealed class RegistrationTests
{
    public static TheoryData<Type> FunctionClasses => new(typeof(Extensions).Assembly.GetTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .OrderBy(t => t.Name));

    [Theory]
    [MemberData(nameof(FunctionClasses))]
    public void FunctionClass_WithSampleSettings_IsActivated(Type functionClass)
    {
        using var provider = Build();

        var instance = ActivatorUtilities.CreateInstance(provider, functionClass);

        Assert.NotNull(instance);
    }

    private static ServiceProvider Build()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")))!;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(sample["Values"]!.AsObject()
                .Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), (string?)p.Value)))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging();
        services.AddCalendarSyncServices(configuration, new DevelopmentEnvironment());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private sealed class DevelopmentEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "CalendarSync.Functions";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
