using System.Data.Common;
using Dapper;
using Landsea.CorridorSupervision;
using Landsea.Exchange.Storage;

namespace Landsea.Data.CorridorSupervision;

/// <summary>
/// Fills a bench database (<c>landsea bench events</c>): consignments on the rail-sea line and, for the timeline figures,
/// many events written straight into corridor_events (the DCSA body of a customs arrival, repeated), in large transactions.
/// </summary>
public static class CorridorBench
{
    public const string Prefix = "BENCH-";

    /// <summary>Declares <paramref name="count"/> bench consignments (one container each, ids BENCH-000001...), departing at <paramref name="departure"/>.</summary>
    public static async Task<IReadOnlyList<Consignment>> ConsignmentsAsync(CorridorStore store, int count, DateTimeOffset departure, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var list = new List<Consignment>(count);
        for (int i = 1; i <= count; i++)
        {
            string serial = i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            string container = "BNCU" + serial + Landsea.Shared.Iso6346.CheckDigit(("BNCU" + serial).AsSpan()).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var c = new Consignment(Prefix + serial, "TD" + serial, "ILSTC-RAIL-SEA", departure, [new Equipment(container, ["S" + serial])], [], i % 10 == 0, "bench");
            (await store.AddConsignmentAsync(c, ct: ct)).OrThrow();
            list.Add(c);
        }

        return list;
    }

    /// <summary>Writes <paramref name="perConsignment"/> events for each consignment straight into corridor_events.</summary>
    public static async Task FillAsync(NodeDatabase db, TimeProvider time, IReadOnlyList<Consignment> consignments, int perConsignment, Action<string> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(consignments);
        ArgumentNullException.ThrowIfNull(progress);
        Place qinzhou = RouteBook.Shipped.Places["CNQZH"];
        DateTimeOffset now = time.GetUtcNow();
        string received = StoredTime.Iso(now);
        foreach (Consignment[] chunk in consignments.Chunk(Math.Max(1, 20_000 / Math.Max(1, perConsignment))))
        {
            await using DbConnection c = await db.OpenAsync(ct);
            await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
            var rows = new List<object?[]>();
            foreach (Consignment k in chunk)
            {
                for (int i = 0; i < perConsignment; i++)
                {
                    DateTimeOffset at = k.DepartureAt.AddMinutes(i);
                    CorridorEvent e = CustomsEvents.Of(Guid.CreateVersion7(now), k, CustomsEventKind.Arrival, qinzhou, at, at);
                    rows.Add([e.EventId.ToString(), e.ConsignmentId, e.EventType, e.Classifier, e.TypeCode, StoredTime.Iso(e.EventDateTime), StoredTime.Iso(e.CreatedDateTime),
                        e.EquipmentReference, e.TransportDocumentReference, e.Locode, e.OfficeCode, e.Source, null, "", e.Body, received]);
                }
            }

            await PositionalRows.InsertAsync(work, """
                corridor_events (event_id, consignment_id, event_type, classifier, type_code, event_at, created_at, equipment_reference,
                    transport_document, locode, office_code, source, retracts_event_id, seals, body, received_at)
                """, rows);
            await work.CommitAsync(ct);
            progress($"  {rows.Count} events written");
        }
    }

    /// <summary>How many rows corridor_events holds.</summary>
    public static async Task<long> CountAsync(NodeDatabase db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using DbConnection c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM corridor_events", cancellationToken: ct));
    }
}
