namespace CalendarSync.Infra.Tests;

/// <summary>A throwaway folder with infra's bicepconfig.json and one Bicep (or .bicepparam) file.</summary>
internal sealed class ScratchInfra : IDisposable
{
    public ScratchInfra(string bicep, string fileName = "scratch.bicep")
    {
        Directory = Path.Combine(Path.GetTempPath(), $"calendarsync-scratch-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        File.Copy(Path.Combine(Repository.Infra, "bicepconfig.json"), Path.Combine(Directory, "bicepconfig.json"));
        File.WriteAllText(Path.Combine(Directory, fileName), bicep);
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
