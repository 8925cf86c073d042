using System.Globalization;
using System.Text;
using Landsea.Data;
using Landsea.Data.Access;
using Landsea.Shared;
using Landsea.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;

namespace Landsea.Web.Features.Access;

/// <summary>
/// The administrators' page <c>/admin/accounts</c> (Administrator role only): list the node's accounts, add one, disable or
/// enable it, give it a new password, grant or revoke its role, and read the account history. The same rules and records as
/// <c>landsea account</c> (<see cref="UserStore"/>, <see cref="AccountRules"/>); every change is recorded as done by the
/// signed-in administrator. Every form carries the standard ASP.NET Core antiforgery token, and each POST validates it
/// itself, so the page is protected whether or not the host's antiforgery middleware runs.
/// </summary>
public static class AdminAccounts
{
    public const string Path = "/admin/accounts";

    /// <summary>History rows shown on the page (newest first); <c>landsea account history</c> lists them all.</summary>
    public const int HistoryShown = 50;

    public static void AddAdminAccounts(this WebApplicationBuilder builder) => builder.Services.AddAntiforgery();

    public static void MapAdminAccounts(this WebApplication app)
    {
        RouteGroupBuilder admin = app.MapGroup(Path).RequireAuthorization(p => p.RequireRole(nameof(Role.Administrator))).ExcludeFromDescription();
        admin.MapGet("", (HttpContext ctx, UserStore users, NodeDatabase db, CancellationToken ct) => PageAsync(ctx, users, db, null, ct));
        admin.MapPost("", (HttpContext ctx, UserStore users, NodeDatabase db, IAntiforgery af, CancellationToken ct) => PostAsync(ctx, users, db, af, (form, by, c) => AddAsync(form, by, users, c), ct)).DisableAntiforgery();
        admin.MapPost("/{username}/{action}", (string username, string action, HttpContext ctx, UserStore users, NodeDatabase db, IAntiforgery af, CancellationToken ct) =>
            PostAsync(ctx, users, db, af, (form, by, c) => ChangeAsync(users, username, action, form, by, c), ct)).DisableAntiforgery();
    }

    /// <summary>What a POST did: a sentence for the page and whether it was refused.</summary>
    private sealed record Outcome(string Message, bool Refused);

    // DisableAntiforgery on the endpoints above only keeps the framework's own form-binding check from demanding the
    // middleware; the token is validated here, before anything is read or changed.
    private static async Task<IResult> PostAsync(HttpContext ctx, UserStore users, NodeDatabase db, IAntiforgery antiforgery,
        Func<IFormCollection, string, CancellationToken, Task<Outcome>> handle, CancellationToken ct)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(ctx);
        }
        catch (AntiforgeryValidationException)
        {
            return Html.Page(Texts.Get("admin.title"), $"<p class=\"err\" id=\"message\">{Html.T("admin.formExpired")}</p>",
                ctx.User, StatusCodes.Status400BadRequest);
        }

        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        Outcome outcome = await handle(form, ctx.User.Identity!.Name!, ct);
        return await PageAsync(ctx, users, db, outcome, ct);
    }

    private static async Task<Outcome> AddAsync(IFormCollection form, string by, UserStore users, CancellationToken ct)
    {
        string username = form["username"].ToString().Trim();
        Result<Role> role = AccountRules.ParseRole(form["role"].ToString());
        string? office = Optional(form["office"]), trader = Optional(form["trader"]);
        string password = form["password"].ToString();
        Failure? invalid = AccountRules.CheckUsername(username) ?? role.Failure ?? AccountRules.CheckGrant(role.Value, office, trader) ?? AccountRules.CheckPassword(password);
        if (invalid is not null)
        {
            return Refusal(invalid);
        }

        if (await users.FindSummaryAsync(username, ct) is not null)
        {
            return new Outcome(Texts.Format("admin.exists", username), true);
        }

        await users.UpsertAsync(new UserAccount(username, role.Value, office, trader, Optional(form["name"]) ?? username), password, by, ct);
        return new Outcome(Texts.Format("admin.added", username, AccountRules.Describe(role.Value, office, trader)), false);
    }

    private static async Task<Outcome> ChangeAsync(UserStore users, string username, string action, IFormCollection form, string by, CancellationToken ct)
    {
        bool own = string.Equals(username, by, StringComparison.Ordinal);
        if (own && action is "disable" or "revoke" or "grant")
        {
            return Refusal(new Failure(AccountErrorCodes.OwnAccount, $"you are signed in as {username}: another administrator must {action} this account."));
        }

        Result<AccountChange> result;
        switch (action)
        {
            case "disable":
                result = await users.DisableAsync(username, by, ct);
                break;
            case "enable":
                result = await users.EnableAsync(username, by, ct);
                break;
            case "password":
                result = await users.ResetPasswordAsync(username, form["password"].ToString(), by, ct);
                break;
            case "grant":
                Result<Role> role = AccountRules.ParseRole(form["role"].ToString());
                result = role.IsValid ? await users.GrantAsync(username, role.Value, Optional(form["office"]), Optional(form["trader"]), by, ct) : role.Failure!;
                break;
            case "revoke":
                Result<Role> held = AccountRules.ParseRole(form["role"].ToString());
                result = held.IsValid ? await users.RevokeAsync(username, held.Value, by, ct) : held.Failure!;
                break;
            default:
                return new Outcome(Texts.Format("admin.unknownAction", action), true);
        }

        if (!result.IsValid)
        {
            return Refusal(result.Failure!);
        }

        AccountChange change = result.Value;
        return new Outcome(change.Changed
            ? Texts.Format("admin.changed", username, Done(action), change.Account.Grant, change.Account.State)
            : Texts.Format("admin.unchanged", username, change.Account.Grant, change.Account.State), false);
    }

    private static string Done(string action) => Texts.Get(action switch
    {
        "disable" => "admin.done.disable",
        "enable" => "admin.done.enable",
        "password" => "admin.done.password",
        "grant" => "admin.done.grant",
        _ => "admin.done.revoke",
    });

    private static Outcome Refusal(Failure f) => new(Texts.Format("admin.refused", f.Reason, f.Code), true);

    private static string? Optional(Microsoft.Extensions.Primitives.StringValues value) => value.ToString().Trim() is { Length: > 0 } v ? v : null;

    private static async Task<IResult> PageAsync(HttpContext ctx, UserStore users, NodeDatabase db, Outcome? outcome, CancellationToken ct)
    {
        // The page layout writes the antiforgery token into every post form (CrossSiteRequests.Protect); one token per form.
        const string token = "";
        IReadOnlyList<AccountSummary> accounts = await users.ListAccountsAsync(ct);
        IReadOnlyList<AccountEvent> events = await AccountEvents.ListAsync(db, null, ct);
        string roles = string.Concat(Enum.GetValues<Role>().Select(r => $"<option value=\"{r}\">{Html.E(Texts.Name("role", r))}</option>"));
        var body = new StringBuilder();
        if (outcome is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p id=\"message\" class=\"{(outcome.Refused ? "err" : "muted")}\">{Html.E(outcome.Message)}</p>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<table id=\"accounts\"><thead><tr><th>{Html.T("admin.colUser")}</th><th>{Html.T("admin.colName")}</th><th>{Html.T("admin.colGrant")}</th><th>{Html.T("admin.colState")}</th><th>{Html.T("admin.colChange")}</th></tr></thead><tbody>");
        foreach (AccountSummary a in accounts)
        {
            string u = Html.E(a.Username), at = $"{Path}/{Uri.EscapeDataString(a.Username)}";
            body.Append(CultureInfo.InvariantCulture, $"<tr data-user=\"{u}\"><td>{u}</td><td>{Html.E(a.DisplayName)}</td><td class=\"grant\">{Html.E(a.Grant)}</td><td class=\"state\">{Html.E(a.State)}</td><td>");
            string toggle = a.DisabledAt is null ? "disable" : "enable";
            body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{at}/{toggle}\" style=\"display:inline\">{token}<button class=\"{toggle}\">{Html.T(a.DisabledAt is null ? "admin.disable" : "admin.enable")}</button></form> ");
            if (a.Role is { } held)
            {
                body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{at}/revoke\" style=\"display:inline\">{token}<input type=\"hidden\" name=\"role\" value=\"{held}\"><button class=\"revoke\">{Html.T("admin.revoke", Texts.Name("role", held))}</button></form> ");
            }

            body.Append(CultureInfo.InvariantCulture, $"""
                <form method="post" action="{at}/password" style="display:inline">{token}<input name="password" type="password" class="password" autocomplete="new-password" minlength="{AccountRules.MinimumPasswordLength}" placeholder="{Html.T("admin.newPassword")}" aria-label="{Html.T("admin.newPassword")}" required><button class="reset">{Html.T("admin.setPassword")}</button></form>
                <form method="post" action="{at}/grant" style="display:inline">{token}<select name="role" class="role" aria-label="{Html.T("admin.roleToGrant")}">{roles}</select><input name="office" class="office" placeholder="{Html.T("admin.officePlaceholder")}" aria-label="{Html.T("admin.officeLabel")}"><input name="trader" class="trader" placeholder="{Html.T("admin.traderPlaceholder")}" aria-label="{Html.T("admin.traderLabel")}"><button class="grant">{Html.T("admin.grant")}</button></form>
                </td></tr>
                """);
        }

        body.Append("</tbody></table>");
        body.Append(CultureInfo.InvariantCulture, $"""
            <section><h2>{Html.T("admin.add")}</h2><form method="post" action="{Path}" id="add" class="filters">{token}
            <label>{Html.T("admin.colUser")} <input name="username" id="add-username" required></label>
            <label>{Html.T("admin.colName")} <input name="name" id="add-name"></label>
            <label>{Html.T("admin.role")} <select name="role" id="add-role">{roles}</select></label>
            <label>{Html.T("admin.officeOfficer")} <input name="office" id="add-office"></label>
            <label>{Html.T("admin.traderTrader")} <input name="trader" id="add-trader"></label>
            <label>{Html.T("admin.password", AccountRules.MinimumPasswordLength)} <input name="password" id="add-password" type="password" autocomplete="new-password" required></label>
            <button type="submit" id="add-submit">{Html.T("admin.addButton")}</button></form></section>
            """);
        body.Append(CultureInfo.InvariantCulture, $"<section><h2>{Html.T("transit.history")}</h2><p class=\"muted\">{Html.T("admin.historyNote", HistoryShown, Html.Raw("<code>landsea account history</code>"))}</p><table id=\"history\"><thead><tr><th>{Html.T("x.whenUtc")}</th><th>{Html.T("admin.colUser")}</th><th>{Html.T("admin.colWhat")}</th><th>{Html.T("decl.show.colBy")}</th><th>{Html.T("x.detail")}</th></tr></thead><tbody>");
        foreach (AccountEvent e in events.Reverse().Take(HistoryShown))
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.At:yyyy-MM-dd HH:mm:ss}</td><td>{Html.E(e.Username)}</td><td>{Html.E(e.Action)}</td><td>{Html.E(e.By)}</td><td>{Html.E(e.Detail)}</td></tr>");
        }

        body.Append("</tbody></table></section>");
        return Html.Page(Texts.Get("admin.title"), body.ToString(), ctx.User, outcome is { Refused: true } ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }
}
