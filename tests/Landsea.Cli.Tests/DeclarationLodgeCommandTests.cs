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
        string file = Path.Combine(Path.GetTempPath(), $"landsea-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, "wrong\n");
        (int exit, _, string error) = await Run("declaration", "lodge", "--node", _address, "--user", "officer.cq", "--password-file", file,
            Path.Combine(s_samples, "TT_IM101a", "TT_IM101a.xml"));
        File.Delete(file);

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

    [Fact]
    public async Task Issue_15_ListShowStatus_FollowALodgedDeclaration()
    {
        (int lodged, string lodgeOut, _) = await Run("declaration", "lodge", "--node", _address, "--user", "officer.cq", "--json",
            Path.Combine(s_samples, "TT_IM101a", "TT_IM101a.xml"));
        Assert.Equal(0, lodged);
        string mrn = System.Text.Json.JsonDocument.Parse(lodgeOut).RootElement[0].GetProperty("answer").GetProperty("mrn").GetString()!;

        (int listed, string list, _) = await Run("declaration", "list", "--node", _address, "--status", "Accepted");
        (int listedJson, string listJson, _) = await Run("declaration", "list", "--node", _address, "--json");
        (int shown, string show, _) = await Run("declaration", "show", mrn, "--node", _address);
        (int status, string statusJson, _) = await Run("declaration", "status", mrn, "--node", _address, "--json");

        Assert.Equal(0, listed);
        Assert.Contains(mrn, list, StringComparison.Ordinal);
        Assert.Equal(0, listedJson);
        Assert.Contains(System.Text.Json.JsonDocument.Parse(listJson).RootElement.GetProperty("items").EnumerateArray(), d => d.GetProperty("mrn").GetString() == mrn);
        Assert.Equal(0, shown);
        Assert.Contains("History:", show, StringComparison.Ordinal);
        Assert.Contains("Accepted", show, StringComparison.Ordinal);
        Assert.Equal(0, status);
        Assert.Equal("Accepted", System.Text.Json.JsonDocument.Parse(statusJson).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Issue_15_Show_UnknownMrn_Exit1_BadFilter_Exit1NamingIt()
    {
        (int unknown, _, string unknownErr) = await Run("declaration", "show", "26CNCQI00000009999", "--node", _address);
        (int bad, _, string badErr) = await Run("declaration", "list", "--node", _address, "--status", "Foo");

        Assert.Equal(1, unknown);
        Assert.Contains("not found", unknownErr, StringComparison.Ordinal);
        Assert.Equal(1, bad);
        Assert.Contains("status", badErr, StringComparison.Ordinal);
        Assert.Contains("Foo", badErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_15_NodeNotRunning_SaysStartItWithServe()
    {
        (int exit, _, string error) = await Run("declaration", "list", "--node", "http://127.0.0.1:9");

        Assert.Equal(2, exit);
        Assert.Contains("landsea serve", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_15_PasswordIsNeverAnArgument()
    {
        (int exit, _, string error) = await Run("declaration", "list", "--node", _address, "--password", "landsea-dev");
        (int folder, _, string folderErr) = await Run("declaration", "list", "--node", _address, "--password-file", Path.GetTempPath());

        Assert.Equal(2, exit);
        Assert.Contains("--password", error, StringComparison.Ordinal);
        Assert.Equal(2, folder);
        Assert.Contains("is a folder", folderErr, StringComparison.Ordinal);
    }
}
