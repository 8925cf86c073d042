using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Landsea.Web;

namespace Landsea.Cli.Commands;

/// <summary><c>landsea serve</c>: runs a node (web pages, API) on SQLite or PostgreSQL.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var db = DatabaseOption.Create(); // serve alone creates the SQLite file on first run
        var urls = new Option<string>("--urls") { Description = "Address(es) to listen on.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var node = new Option<string>("--node") { Description = "Which node this is: CNCQI (Chongqing), CNNNG (Nanning), CNKMG (Kunming), SGSIN (Singapore), LAVTE (Laos).", DefaultValueFactory = _ => "CNCQI" };
        var noDev = new Option<bool>("--no-dev") { Description = "Production mode: no development accounts, no /dev/login (see docs/development-login.md)." };
        var purgeDev = new Option<bool>("--purge-development-accounts") { Description = "With --no-dev: remove the development accounts a database still holds (with the published password) instead of refusing to start." };
        var dir = new Option<string?>("--dir") { Description = "Folder for the node's own files (identity in DIR/node). Default: beside the SQLite file, or ./.landsea for PostgreSQL." };
        var autoConfirm = new Option<bool>("--auto-confirm-arrivals") { Description = "Confirm anticipated arrivals as soon as they are announced (demo)." };
        var autoInspect = new Option<bool>("--auto-inspect-held") { Description = "Inspect pre-arrivals held for inspection at once and report the result (demo)." };
        var logFormat = new Option<string?>("--log-format") { Description = "Console log format: text (default) or json (one JSON object per line; also configuration Landsea:LogFormat, environment Landsea__LogFormat)." };
        var withParent = new Option<bool>("--exit-when-stdin-closes")
        {
            Description = "Stop when standard input reaches its end: a parent that holds the pipe (landsea demo) ends the node by dying, even by kill -9.",
            Hidden = true,
        };
        var command = new Command("serve", "Run a Landsea node: officer pages, REST API (/api-docs), health (/health, /health/live, /health/ready), partner exchange (/exchange).\n\nExample: landsea serve --db landsea.db --node CNNNG --urls http://127.0.0.1:5081\nConfiguration keys pass through as --Section:Key=value, for example --SignIn:MaxFailuresPerUser=10 or --Landsea:Oidc:Authority=https://sso.example (docs/security.md, docs/operations.md).") { db, urls, node, noDev, purgeDev, dir, autoConfirm, autoInspect, logFormat, withParent };
        command.TreatUnmatchedTokensAsErrors = false; // configuration keys pass through: --SignIn:MaxFailuresPerUser=10, --Landsea:Oidc:Authority=...
        command.SetAction(async (r, ct) =>
        {
            if (r.UnmatchedTokens.FirstOrDefault(t => !IsConfigurationArgument(t)) is { } unknown)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync($"error: unrecognized argument '{unknown}'. Configuration keys are given as --Section:Key=value (for example --SignIn:MaxFailuresPerUser=10).");
                await r.InvocationConfiguration.Error.WriteLineAsync("Run 'landsea serve --help' for usage.");
                return ExitCodes.Usage;
            }

            var options = new NodeOptions { Database = r.GetValue(db)!, NodeCode = r.GetValue(node)!, Development = !r.GetValue(noDev), PurgeDevelopmentAccounts = r.GetValue(purgeDev), DataDirectory = r.GetValue(dir) };
            if (r.GetValue(logFormat) is { } format && format is not ("text" or "json"))
            {
                await r.InvocationConfiguration.Error.WriteLineAsync($"error: --log-format '{format}' is not text or json [LS846].");
                return ExitCodes.Invalid;
            }

            string[] args =
            [
                "--urls", r.GetValue(urls)!,
                $"--Exchange:AutoConfirmArrivals={r.GetValue(autoConfirm)}", $"--Exchange:AutoInspectHeld={r.GetValue(autoInspect)}",
                .. r.GetValue(logFormat) is { } f ? [$"--{Landsea.Web.ServiceDefaults.Extensions.LogFormatKey}={f}"] : Array.Empty<string>(),
                .. r.UnmatchedTokens,
            ];
            WebApplication? app = null;
            try
            {
                // The start-up steps run in StartAsync: an unknown node, an unreachable database or a missing identity is a usage error.
                app = await NodeHost.BuildAsync(options, args);
                await app.StartAsync(ct);
            }
            catch (Exception ex) when (ex is ArgumentException or System.Data.Common.DbException or IOException or UnauthorizedAccessException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync($"error: cannot start the node: {ex.Message}");
                if (app is not null)
                {
                    await app.DisposeAsync();
                }

                return ExitCodes.Usage;
            }

            await using WebApplication running = app;
            await r.InvocationConfiguration.Error.WriteLineAsync($"Landsea node {options.NodeCode} on {r.GetValue(urls)} (database: {Data.NodeDatabase.FromArgument(options.Database).Display}){(options.Development ? ", development mode: sign in at /login" : "")}. Ctrl-C stops.");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (r.GetValue(withParent))
            {
                // The kernel closes the pipe when the parent ends, however it ends: end of input is the parent gone.
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await using Stream input = Console.OpenStandardInput();
                        byte[] buffer = new byte[256];
                        while (await input.ReadAsync(buffer, stop.Token) > 0)
                        {
                        }
                    }
                    catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
                    {
                    }

                    await stop.CancelAsync();
                }, CancellationToken.None);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A configuration key given on the command line, <c>--Section:Key=value</c>, as ASP.NET Core reads it.</summary>
    internal static bool IsConfigurationArgument(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) && token.IndexOf('=', StringComparison.Ordinal) is > 2 and int eq && token.AsSpan(2, eq - 2).Contains(':');
}
