namespace Landsea.Data.Access;

/// <summary>
/// The stable codes of account administration and operations (issue 16: accounts, backup and restore, migrations, the
/// node's log format): the LS825–LS849 range. docs/error-codes.md lists them (a test keeps it in step with this class).
/// </summary>
public static class AccountErrorCodes
{
    /// <summary>No account of that username.</summary>
    public const string AccountUnknown = "LS825";

    /// <summary>A username is empty, longer than 64 characters, or holds white space or a control character.</summary>
    public const string UsernameInvalid = "LS826";

    /// <summary>A password has fewer than 12 characters (or none was read).</summary>
    public const string PasswordTooShort = "LS827";

    /// <summary>A role is not one of Officer, Trader, Partner, Auditor, Administrator.</summary>
    public const string RoleInvalid = "LS828";

    /// <summary>The role needs its scope: an Officer its customs office code, a Trader its trader identifier.</summary>
    public const string ScopeMissing = "LS829";

    /// <summary>A scope given that the role does not take: an office for a non-officer, a trader identifier for a non-trader.</summary>
    public const string ScopeNotAllowed = "LS830";

    /// <summary>The account does not hold the role named to revoke.</summary>
    public const string RoleNotHeld = "LS831";

    /// <summary>The change would leave the node without an enabled Administrator account.</summary>
    public const string LastAdministrator = "LS832";

    /// <summary>An administrator signed in on the page may not disable, revoke or change the role of their own account.</summary>
    public const string OwnAccount = "LS833";

    /// <summary>backup: the source database does not exist or is not a SQLite file.</summary>
    public const string BackupSourceMissing = "LS840";

    /// <summary>backup: the target file exists already (it is never overwritten).</summary>
    public const string BackupTargetExists = "LS841";

    /// <summary>restore: the file is not a Landsea node database (no schema_version and exchange_schema_version records).</summary>
    public const string NotALandseaDatabase = "LS842";

    /// <summary>restore or migrate: the database holds schema versions newer than this binary knows; use a newer landsea.</summary>
    public const string SchemaNewer = "LS843";

    /// <summary>restore: the target database exists; give --force to replace it.</summary>
    public const string RestoreTargetExists = "LS844";

    /// <summary>backup or restore of a PostgreSQL database: done with pg_dump and pg_restore (the answer gives the command).</summary>
    public const string UsePgDump = "LS845";

    /// <summary>serve: the log format is not text or json.</summary>
    public const string LogFormatUnknown = "LS846";

    /// <summary>Every code with its one-line meaning, in code order.</summary>
    public static IReadOnlyList<(string Code, string Name, string Meaning)> All { get; } =
    [
        (AccountUnknown, nameof(AccountUnknown), "No account of that username."),
        (UsernameInvalid, nameof(UsernameInvalid), "A username is empty, longer than 64 characters, or holds white space or a control character."),
        (PasswordTooShort, nameof(PasswordTooShort), "A password has fewer than 12 characters (or none was read)."),
        (RoleInvalid, nameof(RoleInvalid), "A role is not one of Officer, Trader, Partner, Auditor, Administrator."),
        (ScopeMissing, nameof(ScopeMissing), "The role needs its scope: an Officer its customs office code (--office), a Trader its trader identifier (--trader)."),
        (ScopeNotAllowed, nameof(ScopeNotAllowed), "A scope given that the role does not take: an office for a non-officer, a trader identifier for a non-trader."),
        (RoleNotHeld, nameof(RoleNotHeld), "The account does not hold the role named to revoke."),
        (LastAdministrator, nameof(LastAdministrator), "The change would leave the node without an enabled Administrator account."),
        (OwnAccount, nameof(OwnAccount), "An administrator signed in on the page may not disable, revoke or change the role of their own account."),
        (BackupSourceMissing, nameof(BackupSourceMissing), "backup: the source database does not exist or is not a SQLite file."),
        (BackupTargetExists, nameof(BackupTargetExists), "backup: the target file exists already (a backup never overwrites one)."),
        (NotALandseaDatabase, nameof(NotALandseaDatabase), "restore: the file is not a Landsea node database (not SQLite, or without the schema_version and exchange_schema_version records)."),
        (SchemaNewer, nameof(SchemaNewer), "restore or migrate: the database holds schema versions newer than this landsea knows; use the newer landsea that wrote them."),
        (RestoreTargetExists, nameof(RestoreTargetExists), "restore: the target database exists; give --force to replace it (stop the node first)."),
        (UsePgDump, nameof(UsePgDump), "backup or restore of a PostgreSQL database: done with pg_dump -Fc and pg_restore; the answer gives the exact command (exit 2)."),
        (LogFormatUnknown, nameof(LogFormatUnknown), "serve: the log format (--log-format, Landsea:LogFormat) is not text or json."),
    ];
}
