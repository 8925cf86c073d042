using System.CommandLine;
using Landsea.Cli;
using Landsea.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Landsea.Cli.Tests;

public sealed class DeclarationLodgeCommandTests : IAsyncLifetime
{
    private static readonly string s_samples = Landsea.Tests.Repository.Path("vectors", "wco-dm-uk-cds", "examples", "annotated_XML_samples");
    private WebApplication? _node;
    private string _address = "";

    public async Task InitializeAsync()
    {
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"cli-lodge-{Guid.NewGuid():N}.db");
        _node = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true }, ["--urls", "http://127.0.0.1:0"]);
        await _node.StartAsync();
        _address = _node.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.StopAsync();
            await _node.DisposeAsync();
        }
    }

    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public async Task Lodge_ValidAndRetired_AcceptsOneRejectsOneExit1()
    {
        (int exit, string output, string error) = await Run("declaration", "lodge", "--node", _address, "--user", "officer.cq",
            Path.Combine(s_samples, "TT_IM101a", "TT_IM101a.xml"), Path.Combine(s_samples, "TT_IM168a", "Step1_TT_IM168a.xml"));

        Assert.Equal(1, exit);
        Assert.Contains("accepted", output, StringComparison.Ordinal);
        Assert.Contains("LS020", output, StringComparison.Ordinal);
        Assert.Contains("1 accepted, 1 not accepted", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lodge_WrongPassword_UsageError2()
    {
        (int exit, _, string error) = await Run("declaration", "lodge", "--node", _address, "--user", "officer.cq", "--password", "wrong",
            Path.Combine(s_samples, "TT_IM101a", "TT_IM101a.xml"));

        Assert.Equal(2, exit);
        Assert.Contains("refused the credentials", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lodge_BadNodeAddress_UsageError2()
    {
        (int exit, _, string error) = await Run("declaration", "lodge", "--node", "not a url", Path.Combine(s_samples, "TT_IM101a", "TT_IM101a.xml"));
        Assert.Equal(2, exit);
        Assert.Contains("--node", error, StringComparison.Ordinal);
    }
}
