using System.CommandLine;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Access;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Account;

/// <summary>"landsea account": the node's local accounts, managed from the command line (the password never as an argument).</summary>
public static class AccountCommand
{
    public static Command Create()
    {
        var command = new Command("account", "Manage the node's local accounts.");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(AccountChanges.CreateDisable());
        command.Subcommands.Add(AccountChanges.CreateEnable());
        command.Subcommands.Add(AccountChanges.CreateResetPassword());
        command.Subcommands.Add(AccountChanges.CreateGrant());
        command.Subcommands.Add(AccountChanges.CreateRevoke());
        command.Subcommands.Add(AccountChanges.CreateHistory());
        command.Subcommands.Add(CreatePurgeDevelopment());
        return command;
    }

    /// <summary>"landsea account purge-development --db DB [--json]": removes the development accounts a database still holds.</summary>
    private static Command CreatePurgeDevelopment()
    {
        var db = DatabaseOption.Create();
        var json = new Option<bool>("--json") { Description = "Write the removed usernames as JSON on stdout." };
        Option<string?> by = AccountChanges.ByOption();
        var command = new Command("purge-development", "Remove the development accounts (those that still have the published password landsea-dev) from a database, so that it can be served with --no-dev. Accounts of the same name with a password of their own are kept.\n\nExample: landsea account purge-development --db landsea.db");
        command.Options.Add(db);
        command.Options.Add(json);
        command.Options.Add(by);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter error = r.InvocationConfiguration.Error;
            if (DatabaseOption.Missing(r.GetValue(db)!) is { } missing)
            {
                await error.WriteLineAsync(missing);
                return ExitCodes.Usage;
            }

            NodeDatabase database = NodeDatabase.FromArgument(r.GetValue(db)!);
            await database.MigrateAsync(ct);
            IReadOnlyList<string> removed = await DevelopmentAccountList.PurgeAsync(new UserStore(database), AccountChanges.By(r, by), ct);
            if (r.GetValue(json))
            {
                await r.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(new { removed }));
            }

            await error.WriteLineAsync(removed.Count == 0 ? "no development accounts: nothing removed." : $"removed {removed.Count} development account(s): {string.Join(", ", removed)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"landsea account add USER --role ROLE [--office CODE] [--trader ID] [--name TEXT] (--password-file F | --password-stdin) [--by NAME]".</summary>
    private static Command CreateAdd()
    {
        var db = DatabaseOption.Create();
        var user = new Argument<string>("username") { Description = "The account's username." };
        var role = new Option<string>("--role") { Description = "Officer, Trader, Partner, Auditor or Administrator.", Required = true };
        var office = new Option<string?>("--office") { Description = "An officer's customs office code." };
        var trader = new Option<string?>("--trader") { Description = "A trader's identifier (EORI)." };
        var name = new Option<string?>("--name") { Description = "The display name (default the username)." };
        var (file, stdin) = AccountChanges.PasswordOptions();
        Option<string?> by = AccountChanges.ByOption();
        var command = new Command("add", "Create an account, or replace one of the same username (a replaced account stays disabled if it was). The password is read from a prompt (no echo), a file or standard input, never from an argument. Recorded in the account history.\n\nExample: landsea account add admin --role Administrator --password-file admin.pw --db landsea.db --by ops.wu");
        command.Arguments.Add(user);
        foreach (Option o in new Option[] { db, role, office, trader, name, file, stdin, by })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter error = r.InvocationConfiguration.Error;
            string username = r.GetValue(user)!.Trim();
            Result<Role> parsed = AccountRules.ParseRole(r.GetValue(role));
            Failure? invalid = AccountRules.CheckUsername(username) ?? parsed.Failure ?? AccountRules.CheckGrant(parsed.Value, r.GetValue(office), r.GetValue(trader));
            if (invalid is not null)
            {
                await error.WriteLineAsync($"error: {invalid.Reason} [{invalid.Code}] (nothing changed)");
                return ExitCodes.Invalid;
            }

            if (DatabaseOption.Folder(r.GetValue(db)!) is { } folder)
            {
                await error.WriteLineAsync(folder);
                return ExitCodes.Usage;
            }

            (string? password, int? exit) = await AccountChanges.ReadPasswordAsync(r, file, stdin, error, ct);
            if (exit is { } failed)
            {
                return failed;
            }

            NodeDatabase database = NodeDatabase.FromArgument(r.GetValue(db)!);
            await database.MigrateAsync(ct);
            var store = new UserStore(database);
            await store.UpsertAsync(new UserAccount(username, parsed.Value, r.GetValue(office)?.Trim(), r.GetValue(trader)?.Trim(), r.GetValue(name) ?? username),
                password!, AccountChanges.By(r, by), ct);
            await error.WriteLineAsync($"account {username} ({AccountRules.Describe(parsed.Value, r.GetValue(office), r.GetValue(trader))}) saved.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"landsea account list [--json]".</summary>
    private static Command CreateList()
    {
        var db = DatabaseOption.Create();
        var json = new Option<bool>("--json") { Description = "Write the accounts as JSON on stdout." };
        var command = new Command("list", "List the node's accounts with their role, scope and state (enabled, disabled, no role); never their passwords.\n\nExample: landsea account list --db landsea.db --json");
        command.Options.Add(db);
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            if (DatabaseOption.Missing(r.GetValue(db)!) is { } missing)
            {
                await error.WriteLineAsync(missing);
                return ExitCodes.Usage;
            }

            NodeDatabase database = NodeDatabase.FromArgument(r.GetValue(db)!);
            await database.MigrateAsync(ct);
            IReadOnlyList<AccountSummary> accounts = await new UserStore(database).ListAccountsAsync(ct);
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(accounts.Select(a => new
                {
                    username = a.Username, role = a.Role?.ToString(), office = a.OfficeCode, trader = a.TraderId, name = a.DisplayName,
                    state = a.State, disabledAt = a.DisabledAt,
                })));
            }
            else
            {
                foreach (AccountSummary a in accounts)
                {
                    await output.WriteLineAsync($"{a.Username}\t{a.Role?.ToString() ?? "-"}\t{a.OfficeCode ?? a.TraderId ?? "-"}\t{a.State}\t{a.DisplayName}");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
