using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Landsea.CorridorSupervision;
using Landsea.Data;
using Landsea.Data.CorridorSupervision;

namespace Landsea.Cli.Commands.CorridorSupervision;

/// <summary>"landsea events export" and "landsea corridor routes" (issue 11, docs/corridor.md).</summary>
public static class EventsCommand
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("events", "Corridor events (DCSA Track & Trace 2.2): export a node's events.");
        command.Subcommands.Add(CreateExport());
        return command;
    }

    /// <summary>"landsea events export --db DB [--since T]": one JSON array on stdout, the same objects GET /api/corridor/v2/events serves.</summary>
    private static Command CreateExport()
    {
        var db = DatabaseOption.Create();
        var since = new Option<string?>("--since") { Description = "Only events created at or after this instant (ISO 8601 with offset, for example 2026-12-01T00:00:00Z)." };
        var command = new Command("export", """
            Print every event of the node's consignments, carrier and customs alike, as one JSON array of DCSA Track & Trace
            2.2 events (eventID, eventType, eventClassifierCode, eventDateTime, eventCreatedDateTime, the type's event type
            code and its references), in the node's order: the objects GET /api/corridor/v2/events serves. Progress goes to
            stderr; stdout carries only the array.

            Examples:
              landsea events export --db landsea.db > events.json
              landsea events export --db landsea.db --since 2026-12-01T00:00:00Z
            """) { db, since };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            string target = r.GetValue(db)!;
            if (DatabaseOption.Missing(target) is { } missing)
            {
                await error.WriteLineAsync(missing);
                return ExitCodes.Usage;
            }

            DateTimeOffset? from = null;
            if (r.GetValue(since) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset t))
                {
                    await error.WriteLineAsync($"error: --since '{text}' is not an ISO 8601 instant (for example 2026-12-01T00:00:00Z). [{CorridorErrorCodes.EventQuery}]");
                    return ExitCodes.Usage;
                }

                from = t;
            }

            NodeDatabase node = NodeDatabase.FromArgument(target);
            try
            {
                await node.MigrateAsync(ct);
                var store = new CorridorStore(node, TimeProvider.System, RouteBook.Shipped);
                long after = 0;
                long count = 0;
                await output.WriteAsync('[');
                while (true)
                {
                    EventPage page = await store.EventsAsync(new EventQuery(CreatedFrom: from, After: after, Limit: CorridorStore.MaxPage), ct);
                    foreach (StoredEvent e in page.Events)
                    {
                        await output.WriteAsync(count++ == 0 ? "\n" : ",\n");
                        await output.WriteAsync(e.Event.Body);
                    }

                    if (page.NextCursor is not { } next)
                    {
                        break;
                    }

                    after = next;
                }

                await output.WriteLineAsync(count == 0 ? "]" : "\n]");
                await error.WriteLineAsync($"exported {count} events from {node.Display}");
                return ExitCodes.Ok;
            }
            catch (DbException ex)
            {
                await error.WriteLineAsync($"error: cannot read {node.Display}: {ex.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>"landsea corridor routes [--json]": the routes the node ships, leg by leg with hours and source.</summary>
    public static Command CreateCorridor()
    {
        var command = new Command("corridor", "Corridor supervision: the routes and lines the node follows consignments on.");
        var json = new Option<bool>("--json") { Description = "Write the routes as JSON on stdout." };
        var routes = new Command("routes", """
            List the corridor's routes (data/corridor/routes.csv, places.csv, corridor-facts.csv; format in docs/corridor.md):
            each leg's mode, typical hours and where the hours come from (a row of the facts file, or 'estimate').

            Examples:
              landsea corridor routes
              landsea corridor routes --json
            """) { json };
        routes.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            RouteBook book = RouteBook.Shipped;
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(book.Routes.Select(x => new
                {
                    route = x.Id, name = x.Name, typicalHours = x.TypicalTotal.TotalHours,
                    legs = x.Legs.Select(l => new { leg = l.Sequence, from = l.From.Locode, to = l.To.Locode, mode = l.Mode.ToString().ToLowerInvariant(), typicalHours = l.TypicalHours, fact = l.Fact, source = l.Source }),
                }), s_indented));
                return ExitCodes.Ok;
            }

            foreach (Route x in book.Routes)
            {
                await output.WriteLineAsync($"{x.Id}: {x.Name} ({x.TypicalTotal.TotalHours.ToString(CultureInfo.InvariantCulture)} h)");
                foreach (Leg l in x.Legs)
                {
                    await output.WriteLineAsync($"  {l.Sequence}. {l.From.Locode} -> {l.To.Locode} {l.Mode.ToString().ToLowerInvariant(),-5} {l.TypicalHours.ToString(CultureInfo.InvariantCulture),5} h  {(l.IsEstimate ? "estimate" : l.Fact + " " + l.Source)}");
                }
            }

            return ExitCodes.Ok;
        });
        command.Subcommands.Add(routes);
        return command;
    }
}
