using Landsea.Web.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Tests.ServiceDefaults;

/// <summary>Issue 16 item 8: console logs as JSON lines on request (Landsea:LogFormat, landsea serve --log-format), text by default.</summary>
public sealed class LogFormatTests
{
    private static async Task<string?> FormatterOf(params string[] args)
    {
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"log-{Guid.NewGuid():N}.db");
        await using WebApplication app = await NodeHost.BuildAsync(new NodeOptions { Database = db }, ["--urls", "http://127.0.0.1:0", .. args]);
        return app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
    }

    [Fact]
    public async Task LogFormat_Json_UsesTheJsonConsoleFormatter_DefaultIsSimpleText()
    {
        Assert.Equal(ConsoleFormatterNames.Json, await FormatterOf($"--{Extensions.LogFormatKey}=json"));
        Assert.Equal(ConsoleFormatterNames.Simple, await FormatterOf());
        Assert.Equal(ConsoleFormatterNames.Simple, await FormatterOf($"--{Extensions.LogFormatKey}=text"));
    }

    [Fact]
    public async Task LogFormat_Unknown_RefusedWithLS846()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => FormatterOf($"--{Extensions.LogFormatKey}=xml"));
        Assert.Contains("LS846", refused.Message, StringComparison.Ordinal);
    }
}
