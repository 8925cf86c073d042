using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Measures;
using Landsea.Measures;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Measures;

/// <summary>
/// <c>/measures/new</c>: an officer enters a notification in the fields ePing shows. The same checks as the file reader
/// (NotificationFile.Check); a refused form names each field and stores nothing. A symbol already in the register is
/// replaced (a change: subscribed traders are alerted).
/// </summary>
public static class EntryPage
{
    /// <summary>The form's fields: name, English label and hint (the page shows <c>me.f.{name}</c> and <c>me.h.{name}</c> from the page texts).</summary>
    private static readonly (string Name, string Label, string Hint)[] s_fields =
    [
        ("symbol", "Document symbol", "G/TBT/N/THA/712 or G/SPS/N/VNM/123/Add.1"),
        ("area", "Area", "TBT or SPS"),
        ("type", "Notification type", "regular, addendum, corrigendum, revision, emergency"),
        ("member", "Notifying member", "ISO alpha-2, e.g. TH"),
        ("distributed", "Distribution date", "YYYY-MM-DD"),
        ("commentDeadline", "Comment deadline", "YYYY-MM-DD, if any"),
        ("entryIntoForce", "Proposed entry into force", "YYYY-MM-DD, if a date"),
        ("entryIntoForceNote", "Entry into force in words", "e.g. 180 days after publication"),
        ("title", "Title", ""),
        ("products", "Products in words", ""),
        ("hs", "HS codes", "chapters, headings or codes separated by ;"),
        ("ics", "ICS codes", "e.g. 67.080.10; separated by ;"),
        ("objectives", "Objectives", "separated by ;"),
        ("keywords", "Keywords", "separated by ;"),
        ("link", "Link to the full text", "https://..."),
    ];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/measures/new", (ClaimsPrincipal user) => Form(user, null, [])).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/measures/new", SaveAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static IResult Form(ClaimsPrincipal user, IFormCollection? form, IReadOnlyList<FileError> errors, int status = StatusCodes.Status200OK)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Forbidden(Texts.Get("me.title"), Texts.Get("me.whoMay"), user);
        }

        var b = new StringBuilder();
        if (errors.Count > 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<div id=\"errors\" role=\"alert\"><p class=\"err\">{T("me.nothingStored")}</p><ul>");
            foreach (FileError e in errors)
            {
                b.Append(CultureInfo.InvariantCulture, $"<li class=\"err\" data-field=\"{E(e.Field)}\">{E(e.Field)}: {E(e.Reason)} ({e.Code})</li>");
            }

            b.Append("</ul></div>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/measures/new\" id=\"entry\"><fieldset><legend>{T("me.legend")}</legend>");
        foreach ((string name, _, _) in s_fields)
        {
            string label = Texts.Get("me.f." + name), hint = Texts.Get("me.h." + name);
            string value = form?[name].ToString() ?? "";
            bool bad = errors.Any(e => e.Field.Split('[')[0] == name);
            b.Append(name is "title" or "products"
                ? $"<label>{E(label)}<textarea name=\"{name}\" id=\"f-{name}\" rows=\"2\" cols=\"60\"{(bad ? " aria-invalid=\"true\"" : "")}>{E(value)}</textarea></label>"
                : $"<label>{E(label)}{(hint.Length > 0 ? $" <small>({E(hint)})</small>" : "")}<input name=\"{name}\" id=\"f-{name}\" value=\"{E(value)}\" size=\"40\"{(bad ? " aria-invalid=\"true\"" : "")}></label>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</fieldset><button type=\"submit\" id=\"save\">{T("me.store")}</button></form><p><a href=\"/measures\">{T("me.back")}</a></p>");
        return Page(Texts.Get("me.title"), b.ToString(), user, status);
    }

    private static async Task<IResult> SaveAsync(HttpContext ctx, MeasureStore store, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        if (!scope.CanAct)
        {
            return Forbidden(Texts.Get("me.title"), Texts.Get("me.whoMay"), ctx.User);
        }

        string? Text(string name) => form[name].ToString() is { Length: > 0 } t ? t : null;
        var fields = new NotificationFile.Fields(Text("symbol"), Text("area"), Text("type"), Text("member"), Text("distributed"), Text("commentDeadline"),
            Text("entryIntoForce"), Text("entryIntoForceNote"), Text("title"), Text("products"), NotificationFile.Split(Text("hs")), NotificationFile.Split(Text("ics")),
            NotificationFile.Split(Text("objectives")), NotificationFile.Split(Text("keywords")), Text("link"), null, false);
        (Notification? n, IReadOnlyList<FileError> errors) = NotificationFile.Check(fields, "form");
        if (n is null)
        {
            return Form(ctx.User, form, errors, StatusCodes.Status422UnprocessableEntity);
        }

        await store.StoreAsync([("form", n)], scope.User, ct);
        return Results.Redirect(MeasuresFeature.Href(n.Symbol.Text));
    }
}
