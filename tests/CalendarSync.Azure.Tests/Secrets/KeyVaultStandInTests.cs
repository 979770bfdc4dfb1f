using Azure;
using Azure.Security.KeyVault.Secrets;
using CalendarSync.Testing.KeyVault;

namespace CalendarSync.Azure.Tests.Secrets;

/// <summary>The stand-in holds the SDK to Key Vault's rules, so the store's tests mean something.</summary>
public sealed class KeyVaultStandInTests : IAsyncLifetime
{
    private KeyVaultStandIn _vault = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _vault = await KeyVaultStandIn.StartAsync(Ct);

    public ValueTask DisposeAsync() => _vault.DisposeAsync();

    [Theory]
    [InlineData("a_b")]
    [InlineData("caf\u00e9")]
    public async Task SetSecret_NameOutsideKeyVaultsAlphabet_IsRefused(string name)
    {
        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => Client().SetSecretAsync(name, "value", Ct));

        Assert.Equal((400, "BadParameter"), (failure.Status, failure.ErrorCode));
    }

    [Fact]
    public async Task SetSecret_NameTooLong_IsRefused()
    {
        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => Client().SetSecretAsync(new string('a', 128), "value", Ct));

        Assert.Equal(400, failure.Status);
    }

    [Fact]
    public async Task GetSecret_NameInOtherCase_FindsTheSameSecret()
    {
        await Client().SetSecretAsync("Staff-Token", "value", Ct);

        Assert.Equal("value", (await Client().GetSecretAsync("staff-token", cancellationToken: Ct)).Value.Value);
    }

    [Fact]
    public async Task GetSecret_TokenTheVaultDidNotIssue_IsRefused()
    {
        var options = new SecretClientOptions { Transport = _vault.CreateTransport(), Retry = { MaxRetries = 0 } };
        var client = new SecretClient(_vault.VaultUri, new KeyVaultStandInCredential("some-other-token"), options);

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("anything", cancellationToken: Ct));

        Assert.Equal(401, failure.Status);
    }

    [Fact]
    public async Task SetSecret_WhileDeleted_ConflictsUntilRecovered()
    {
        await Client().SetSecretAsync("kept", "value", Ct);
        var deletion = await Client().StartDeleteSecretAsync("kept", Ct);
        await deletion.WaitForCompletionAsync(Ct);

        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => Client().SetSecretAsync("kept", "again", Ct));
        var recovery = await Client().StartRecoverDeletedSecretAsync("kept", Ct);
        await recovery.WaitForCompletionAsync(Ct);

        Assert.Equal(409, conflict.Status);
        Assert.Equal("value", (await Client().GetSecretAsync("kept", cancellationToken: Ct)).Value.Value);
    }

    private SecretClient Client() =>
        new(_vault.VaultUri, _vault.Credential, new SecretClientOptions { Transport = _vault.CreateTransport(), Retry = { MaxRetries = 0 } });
}
