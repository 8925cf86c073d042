using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Landsea.Cli.Commands.Declarations;

/// <summary>
/// <c>landsea declaration list|show|status</c>: what a running node holds, over its API, as the signed-in account may
/// see it. With <c>--json</c> the node's own JSON goes to standard output unchanged.
/// </summary>
internal static class DeclarationReads
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command List()
    {
        var connection = new NodeConnection("officer.cq");
        var status = new Option<string?>("--status") { Description = "Only this status: Accepted, Rejected, UnderControl, DocumentsRequired, Released, Cleared, Invalidated." };
        var from = new Option<string?>("--from") { Description = "Lodged on or after this day (YYYY-MM-DD, the office's local day)." };
        var to = new Option<string?>("--to") { Description = "Lodged on or before this day (YYYY-MM-DD, the office's local day)." };
        var since = new Option<string?>("--updated-since") { Description = "Changed at or after this instant (ISO 8601, for example 2026-12-02T06:00:00+08:00)." };
        var trader = new Option<string?>("--trader") { Description = "Naming this trader identifier." };
        var page = new Option<int>("--page") { Description = "Page number, from 1.", DefaultValueFactory = _ => 1 };
        var size = new Option<int>("--page-size") { Description = "Rows per page, 1 to 200.", DefaultValueFactory = _ => 25 };
        var json = new Option<bool>("--json") { Description = "Print the node's page as JSON." };
        var command = new Command("list", "List the declarations a node holds that the account may see, newest first.\n\n"
            + "Example: landsea declaration list --node http://127.0.0.1:5080 --status Accepted --from 2026-12-02") { status, from, to, since, trader, page, size, json };
        connection.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var query = new List<string>();
            void Add(string name, string? value)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    query.Add($"{name}={Uri.EscapeDataString(value)}");
                }
            }

            Add("status", r.GetValue(status));
            Add("from", r.GetValue(from));
            Add("to", r.GetValue(to));
            Add("updatedSince", r.GetValue(since));
            Add("trader", r.GetValue(trader));
            Add("page", r.GetValue(page).ToString(CultureInfo.InvariantCulture));
            Add("pageSize", r.GetValue(size).ToString(CultureInfo.InvariantCulture));
            return await GetAsync(r, connection, "/api/declarations?" + string.Join('&', query), r.GetValue(json), async (doc, output) =>
            {
                JsonElement items = doc.GetProperty("items");
                await output.WriteLineAsync($"{"MRN",-18} {"Status",-17} {"Office",-8} {"Declarant",-18} {"Lodged (UTC)",-16} Reference");
                foreach (JsonElement d in items.EnumerateArray())
                {
                    DateTimeOffset lodged = d.GetProperty("lodgedAt").GetDateTimeOffset();
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{d.GetProperty("mrn").GetString(),-18} {d.GetProperty("status").GetString(),-17} {d.GetProperty("officeCode").GetString(),-8} {d.GetProperty("declarantId").GetString(),-18} {lodged.UtcDateTime,-16:yyyy-MM-dd HH:mm} {d.GetProperty("functionalReference").GetString()}"));
                }

                long total = doc.GetProperty("total").GetInt64();
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{items.GetArrayLength()} of {total} declaration(s), page {doc.GetProperty("number").GetInt32()}."));
            });
        });
        return command;
    }

    public static Command Show()
    {
        var connection = new NodeConnection("officer.cq");
        var mrn = new Argument<string>("MRN") { Description = "The declaration's movement reference number." };
        var json = new Option<bool>("--json") { Description = "Print the node's declaration as JSON." };
        var command = new Command("show", "Show one declaration: status, parties, goods items and its history.\n\n"
            + "Example: landsea declaration show 26CNCQI00000000017 --node http://127.0.0.1:5080") { mrn, json };
        connection.AddTo(command);
        command.SetAction(async (r, ct) => await GetAsync(r, connection, "/api/declarations/" + Uri.EscapeDataString(r.GetValue(mrn)!), r.GetValue(json), async (doc, output) =>
        {
            JsonElement s = doc.GetProperty("summary");
            await output.WriteLineAsync($"{s.GetProperty("mrn").GetString()}  {s.GetProperty("status").GetString()}  {s.GetProperty("typeCode").GetString()} at {s.GetProperty("officeCode").GetString()}, reference {s.GetProperty("functionalReference").GetString()}, declarant {s.GetProperty("declarantId").GetString()}");
            JsonElement d = doc.GetProperty("declaration");
            if (d.TryGetProperty("items", out JsonElement items))
            {
                foreach (JsonElement i in items.EnumerateArray())
                {
                    string code = i.TryGetProperty("commodityCode", out JsonElement c) ? c.GetString() ?? "" : "";
                    string what = i.TryGetProperty("description", out JsonElement w) ? w.GetString() ?? "" : "";
                    await output.WriteLineAsync($"  item {i.GetProperty("sequence").GetInt32()}: {code} {what}");
                }
            }

            await output.WriteLineAsync("History:");
            foreach (JsonElement h in doc.GetProperty("history").EnumerateArray())
            {
                string note = h.TryGetProperty("note", out JsonElement n) && n.ValueKind == JsonValueKind.String ? " — " + n.GetString() : "";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {h.GetProperty("at").GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC  {h.GetProperty("event").GetString(),-18} {h.GetProperty("officeCode").GetString()} by {h.GetProperty("actor").GetString()}{note}"));
            }
        }));
        return command;
    }

    public static Command Status()
    {
        var connection = new NodeConnection("officer.cq");
        var mrn = new Argument<string>("MRN") { Description = "The declaration's movement reference number." };
        var json = new Option<bool>("--json") { Description = "Print {mrn, status, updatedAt} as JSON." };
        var command = new Command("status", "Print where one declaration stands now.\n\nExample: landsea declaration status 26CNCQI00000000017 --node http://127.0.0.1:5080") { mrn, json };
        connection.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            bool asJson = r.GetValue(json);
            return await GetAsync(r, connection, "/api/declarations/" + Uri.EscapeDataString(r.GetValue(mrn)!), false, async (doc, output) =>
            {
                JsonElement s = doc.GetProperty("summary");
                string m = s.GetProperty("mrn").GetString()!, st = s.GetProperty("status").GetString()!;
                DateTimeOffset updated = s.GetProperty("updatedAt").GetDateTimeOffset();
                await output.WriteLineAsync(asJson
                    ? JsonSerializer.Serialize(new { mrn = m, status = st, updatedAt = updated }, s_json)
                    : string.Create(CultureInfo.InvariantCulture, $"{m} {st} (since {updated.UtcDateTime:yyyy-MM-dd HH:mm} UTC)"));
            });
        });
        return command;
    }

    /// <summary>GETs <paramref name="path"/>; prints the JSON (<paramref name="raw"/>) or hands it to <paramref name="print"/>. 404 exits 1, other refusals 2.</summary>
    private static async Task<int> GetAsync(ParseResult r, NodeConnection connection, string path, bool raw, Func<JsonElement, TextWriter, Task> print)
    {
        TextWriter output = r.InvocationConfiguration.Output;
        TextWriter error = r.InvocationConfiguration.Error;
        (HttpClient? client, string? unusable) = connection.Open(r, TimeSpan.FromSeconds(30));
        if (client is null)
        {
            await error.WriteLineAsync(unusable);
            return ExitCodes.Usage;
        }

        using HttpClient http = client;
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri(path, UriKind.Relative));
            string body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                string detail = Problem(body);
                await error.WriteLineAsync(response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => $"error: the node refused the credentials of '{r.GetValue(connection.User)}' (401).",
                    HttpStatusCode.Forbidden => $"error: '{r.GetValue(connection.User)}' may not read this (403). {detail}",
                    HttpStatusCode.NotFound => $"error: not found (404). {detail}",
                    _ => $"error: the node answered {(int)response.StatusCode}. {detail}",
                });
                return response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest ? ExitCodes.Invalid : ExitCodes.Usage;
            }

            using JsonDocument doc = JsonDocument.Parse(body);
            if (raw)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(doc.RootElement, s_json));
            }
            else
            {
                await print(doc.RootElement, output);
            }

            return ExitCodes.Ok;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync(NodeConnection.NotRunning(http.BaseAddress, ex));
            return ExitCodes.Usage;
        }
        catch (TaskCanceledException)
        {
            await error.WriteLineAsync($"error: the node at {http.BaseAddress} did not answer within 30 s.");
            return ExitCodes.Usage;
        }
    }

    /// <summary>The detail (and each field's errors) of a ProblemDetails body, or nothing.</summary>
    private static string Problem(string body)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            var parts = new List<string>();
            if (doc.RootElement.TryGetProperty("detail", out JsonElement d) && d.GetString() is { } detail)
            {
                parts.Add(detail);
            }

            if (doc.RootElement.TryGetProperty("errors", out JsonElement errors) && errors.ValueKind == JsonValueKind.Object)
            {
                parts.AddRange(errors.EnumerateObject().Select(e => $"{e.Name}: {string.Join(" ", e.Value.EnumerateArray().Select(v => v.GetString()))}"));
            }

            return string.Join(" ", parts);
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
