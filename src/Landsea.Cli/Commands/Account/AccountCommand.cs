using System.CommandLine;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Access;

namespace Landsea.Cli.Commands.Account;

/// <summary>"landsea account": the node's local accounts, managed from the command line (the password never as an argument).</summary>
public static class AccountCommand
{
    public static Command Create()
    {
        var command = new Command("account", "Manage the node's local accounts.");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreatePurgeDevelopment());
        return command;
    }

    /// <summary>"landsea account purge-development --db DB [--json]": removes the development accounts a database still holds.</summary>
    private static Command CreatePurgeDevelopment()
    {
        var db = DatabaseOption.Create();
        var json = new Option<bool>("--json") { Description = "Write the removed usernames as JSON on stdout." };
        var command = new Command("purge-development", "Remove the development accounts (those that still have the published password landsea-dev) from a database, so that it can be served with --no-dev. Accounts of the same name with a password of their own are kept.\n\nExample: landsea account purge-development --db landsea.db");
        command.Options.Add(db);
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter error = r.InvocationConfiguration.Error;
            if (DatabaseOption.Missing(r.GetValue(db)!) is { } missing)
            {
                await error.WriteLineAsync(missing);
                return ExitCodes.Usage;
            }

            IReadOnlyList<string> removed = await DevelopmentAccountList.PurgeAsync(new UserStore(NodeDatabase.FromArgument(r.GetValue(db)!)), ct);
            if (r.GetValue(json))
            {
                await r.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(new { removed }));
            }

            await error.WriteLineAsync(removed.Count == 0 ? "no development accounts: nothing removed." : $"removed {removed.Count} development account(s): {string.Join(", ", removed)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"landsea account add USER --role ROLE [--office CODE] [--trader ID] [--name TEXT] (--password-file F | --password-stdin)".</summary>
    private static Command CreateAdd()
    {
        var db = DatabaseOption.Create();
        var user = new Argument<string>("username") { Description = "The account's username." };
        var role = new Option<string>("--role") { Description = "Officer, Trader, Partner, Auditor or Administrator.", Required = true };
        var office = new Option<string?>("--office") { Description = "An officer's customs office code." };
        var trader = new Option<string?>("--trader") { Description = "A trader's identifier (EORI)." };
        var name = new Option<string?>("--name") { Description = "The display name (default the username)." };
        var file = new Option<FileInfo?>("--password-file") { Description = "Read the password from the first line of this file." };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var command = new Command("add", "Create an account, or replace one of the same username. The password is read from a prompt (no echo), a file or standard input, never from an argument.\n\nExample: landsea account add admin --role Administrator --password-file admin.pw --db landsea.db");
        command.Arguments.Add(user);
        foreach (Option o in new Option[] { db, role, office, trader, name, file, stdin })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter error = r.InvocationConfiguration.Error;
            string username = r.GetValue(user)!.Trim();
            if (username.Length == 0)
            {
                await error.WriteLineAsync("error: username: must not be empty.");
                return ExitCodes.Invalid;
            }

            if (!Enum.TryParse(r.GetValue(role), ignoreCase: true, out Role parsed) || !Enum.IsDefined(parsed))
            {
                await error.WriteLineAsync($"error: --role '{r.GetValue(role)}' is not one of {string.Join(", ", Enum.GetNames<Role>())}.");
                return ExitCodes.Invalid;
            }

            if (parsed == Role.Officer && string.IsNullOrWhiteSpace(r.GetValue(office)))
            {
                await error.WriteLineAsync("error: --office: an Officer account needs its customs office code.");
                return ExitCodes.Invalid;
            }

            if (parsed == Role.Trader && string.IsNullOrWhiteSpace(r.GetValue(trader)))
            {
                await error.WriteLineAsync("error: --trader: a Trader account needs its trader identifier.");
                return ExitCodes.Invalid;
            }

            if (DatabaseOption.Folder(r.GetValue(db)!) is { } folder)
            {
                await error.WriteLineAsync(folder);
                return ExitCodes.Usage;
            }

            string? password;
            if (r.GetValue(file) is { } f)
            {
                if (!f.Exists)
                {
                    await error.WriteLineAsync($"error: --password-file {f.FullName} does not exist.");
                    return ExitCodes.Usage;
                }

                password = (await File.ReadAllLinesAsync(f.FullName, ct)).FirstOrDefault();
            }
            else if (r.GetValue(stdin))
            {
                password = await Console.In.ReadLineAsync(ct);
            }
            else if (!Console.IsInputRedirected)
            {
                password = Prompt("Password: ");
                if (Prompt("Repeat password: ") != password)
                {
                    await error.WriteLineAsync("error: the two passwords differ.");
                    return ExitCodes.Invalid;
                }
            }
            else
            {
                await error.WriteLineAsync("error: no password: give --password-file F or --password-stdin (standard input is not a terminal).");
                return ExitCodes.Usage;
            }

            if (string.IsNullOrEmpty(password) || password.Length < 12)
            {
                await error.WriteLineAsync("error: password: must be at least 12 characters.");
                return ExitCodes.Invalid;
            }

            NodeDatabase database = NodeDatabase.FromArgument(r.GetValue(db)!);
            await database.MigrateAsync(ct);
            var store = new UserStore(database);
            await store.UpsertAsync(new UserAccount(username, parsed, parsed == Role.Officer ? r.GetValue(office) : null,
                parsed == Role.Trader ? r.GetValue(trader) : null, r.GetValue(name) ?? username), password, ct);
            await error.WriteLineAsync($"account {username} ({parsed}) saved.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"landsea account list [--json]".</summary>
    private static Command CreateList()
    {
        var db = DatabaseOption.Create();
        var json = new Option<bool>("--json") { Description = "Write the accounts as JSON on stdout." };
        var command = new Command("list", "List the node's accounts (never their passwords).\n\nExample: landsea account list --db landsea.db --json");
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

            IReadOnlyList<UserAccount> accounts = await new UserStore(NodeDatabase.FromArgument(r.GetValue(db)!)).ListAsync(ct);
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(accounts.Select(a => new
                {
                    username = a.Username, role = a.Role.ToString(), office = a.OfficeCode, trader = a.TraderId, name = a.DisplayName,
                })));
            }
            else
            {
                foreach (UserAccount a in accounts)
                {
                    await output.WriteLineAsync($"{a.Username}\t{a.Role}\t{a.OfficeCode ?? a.TraderId ?? "-"}\t{a.DisplayName}");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Prompt(string text)
    {
        Console.Error.Write(text);
        var chars = new System.Text.StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return chars.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (chars.Length > 0)
                {
                    chars.Length--;
                }
            }
            else
            {
                chars.Append(key.KeyChar);
            }
        }
    }
}
