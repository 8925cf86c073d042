using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Landsea.Data;
using Landsea.Data.Access;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Account;

/// <summary>
/// "landsea account disable|enable|reset-password|grant|revoke|history": changes to existing accounts, each recorded with who
/// (<c>--by NAME</c>, default the operating-system user as <c>os:NAME</c>) and when (UTC) in the account history.
/// </summary>
internal static class AccountChanges
{
    public static Option<string?> ByOption() => new("--by")
    {
        Description = "Who makes the change, as recorded in the account history (default: the operating-system user, as os:NAME).",
    };

    /// <summary>The name recorded for the change: --by, else <c>os:</c> and the operating-system user.</summary>
    public static string By(ParseResult r, Option<string?> by) =>
        r.GetValue(by) is { } given && given.Trim().Length > 0 ? given.Trim() : $"os:{Environment.UserName}";

    public static (Option<FileInfo?> File, Option<bool> Stdin) PasswordOptions() =>
        (new Option<FileInfo?>("--password-file") { Description = "Read the password from the first line of this file." },
         new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." });

    /// <summary>The password from the file, standard input or a prompt (twice, no echo); or the exit code after saying what is wrong.</summary>
    public static async Task<(string? Password, int? Exit)> ReadPasswordAsync(ParseResult r, Option<FileInfo?> file, Option<bool> stdin, TextWriter error, CancellationToken ct)
    {
        string? password;
        if (r.GetValue(file) is { } f)
        {
            if (!f.Exists)
            {
                await error.WriteLineAsync($"error: --password-file {f.FullName} does not exist.");
                return (null, ExitCodes.Usage);
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
                return (null, ExitCodes.Invalid);
            }
        }
        else
        {
            await error.WriteLineAsync("error: no password: give --password-file F or --password-stdin (standard input is not a terminal).");
            return (null, ExitCodes.Usage);
        }

        if (AccountRules.CheckPassword(password) is { } weak)
        {
            await error.WriteLineAsync($"error: {weak.Reason} [{weak.Code}] (nothing changed)");
            return (null, ExitCodes.Invalid);
        }

        return (password, null);
    }

    public static Command CreateDisable() => Change("disable",
        "Disable an account: it can no longer sign in (password, HTTP Basic, or a session already open, at its next request) until enabled. The node's last enabled Administrator cannot be disabled.\n\nExample: landsea account disable officer.qz --by ops.wu --db landsea.db",
        (store, user, by, _, ct) => store.DisableAsync(user, by, ct), "disabled", "already disabled");

    public static Command CreateEnable() => Change("enable",
        "Enable a disabled account again, with the role and password it had.\n\nExample: landsea account enable officer.qz --by ops.wu --db landsea.db",
        (store, user, by, _, ct) => store.EnableAsync(user, by, ct), "enabled", "already enabled");

    public static Command CreateResetPassword()
    {
        var (file, stdin) = PasswordOptions();
        return ChangeOrRefusal("reset-password",
            "Give an account a new password (at least 12 characters), read from a prompt (no echo), a file or standard input, never from an argument. Its role and state are kept.\n\nExample: landsea account reset-password officer.qz --password-file new.pw --by ops.wu --db landsea.db",
            async (store, user, by, r, ct) =>
            {
                (string? password, int? exit) = await ReadPasswordAsync(r, file, stdin, r.InvocationConfiguration.Error, ct);
                return exit is { } code ? new Refused(code) : await store.ResetPasswordAsync(user, password!, by, ct);
            }, "given a new password", "unchanged", [file, stdin]);
    }

    public static Command CreateGrant()
    {
        var role = new Option<string>("--role") { Description = "Officer, Trader, Partner, Auditor or Administrator.", Required = true };
        var office = new Option<string?>("--office") { Description = "An officer's customs office code." };
        var trader = new Option<string?>("--trader") { Description = "A trader's identifier (EORI)." };
        return Change("grant",
            "Give an account a role and its scope (Officer --office CODE, Trader --trader ID, Auditor, Administrator, Partner), in place of the one it holds: an account holds one role at a time.\n\nExample: landsea account grant li.wei --role Officer --office CN720001 --by ops.wu --db landsea.db",
            async (store, user, by, r, ct) =>
            {
                Result<Role> parsed = AccountRules.ParseRole(r.GetValue(role));
                return parsed.IsValid ? await store.GrantAsync(user, parsed.Value, r.GetValue(office), r.GetValue(trader), by, ct) : parsed.Failure!;
            }, "granted", "already holds that role", [role, office, trader]);
    }

    public static Command CreateRevoke()
    {
        var role = new Option<string>("--role") { Description = "The role the account holds and loses.", Required = true };
        return Change("revoke",
            "Take an account's role away: the account and its history stay, but it holds no role and cannot sign in until granted one. Refused when it does not hold that role, or when it is the node's last enabled Administrator.\n\nExample: landsea account revoke li.wei --role Officer --by ops.wu --db landsea.db",
            async (store, user, by, r, ct) =>
            {
                Result<Role> parsed = AccountRules.ParseRole(r.GetValue(role));
                return parsed.IsValid ? await store.RevokeAsync(user, parsed.Value, by, ct) : parsed.Failure!;
            }, "revoked", "unchanged", [role]);
    }

    /// <summary>"landsea account history [--user U] [--json]".</summary>
    public static Command CreateHistory()
    {
        var db = DatabaseOption.Create();
        var user = new Option<string?>("--user") { Description = "Only this account's changes." };
        var json = new Option<bool>("--json") { Description = "Write the changes as JSON on stdout." };
        var command = new Command("history", "List every change to the node's accounts, oldest first: when (UTC), which account, what, by whom, and the role before and after. Never a password.\n\nExample: landsea account history --user officer.qz --db landsea.db --json") { db, user, json };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            if (DatabaseOption.Missing(r.GetValue(db)!) is { } missing)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync(missing);
                return ExitCodes.Usage;
            }

            NodeDatabase database = NodeDatabase.FromArgument(r.GetValue(db)!);
            await database.MigrateAsync(ct);
            IReadOnlyList<AccountEvent> events = await AccountEvents.ListAsync(database, r.GetValue(user), ct);
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(events.Select(e => new { at = e.At, user = e.Username, action = e.Action, by = e.By, detail = e.Detail })));
                return ExitCodes.Ok;
            }

            foreach (AccountEvent e in events)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{e.At:yyyy-MM-ddTHH:mm:ssZ}\t{e.Username}\t{e.Action}\t{e.By}\t{e.Detail}"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A refusal already explained on standard error, with its exit code.</summary>
    private sealed record Refused(int Exit);

    private static Command Change(string verb, string description, Func<UserStore, string, string, ParseResult, CancellationToken, Task<Result<AccountChange>>> apply,
        string done, string unchanged, Option[]? extra = null) =>
        ChangeOrRefusal(verb, description, async (store, user, by, r, ct) => (object)await apply(store, user, by, r, ct), done, unchanged, extra);

    /// <summary>A change command whose step may also end in a <see cref="Refused"/> already explained (reading the password).</summary>
    private static Command ChangeOrRefusal(string verb, string description, Func<UserStore, string, string, ParseResult, CancellationToken, Task<object>> apply,
        string done, string unchanged, Option[]? extra = null)
    {
        var db = DatabaseOption.Create();
        var user = new Argument<string>("username") { Description = "The account's username." };
        Option<string?> by = ByOption();
        var command = new Command(verb, description);
        command.Arguments.Add(user);
        foreach (Option o in new Option[] { db, by }.Concat(extra ?? []))
        {
            command.Options.Add(o);
        }

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
            string username = r.GetValue(user)!.Trim();
            switch (await apply(new UserStore(database), username, By(r, by), r, ct))
            {
                case Refused refused:
                    return refused.Exit;
                case Result<AccountChange> { IsValid: false } failed:
                    await error.WriteLineAsync($"error: {failed.Failure!.Reason} [{failed.Failure.Code}] (nothing changed)");
                    return ExitCodes.Invalid;
                case Result<AccountChange> { Value: var change }:
                    await error.WriteLineAsync(change.Changed
                        ? $"account {username} {done} ({change.Account.Grant}, {change.Account.State})."
                        : $"account {username} {unchanged} ({change.Account.Grant}, {change.Account.State}): nothing changed.");
                    return ExitCodes.Ok;
                default:
                    throw new InvalidOperationException("unexpected outcome");
            }
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
