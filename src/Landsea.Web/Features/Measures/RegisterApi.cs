using System.Security.Claims;
using Landsea.Data.Measures;
using Landsea.Measures;
using Landsea.Shared;
using Landsea.Statistics;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Measures;

/// <summary>
/// <c>GET /api/measures</c>: the register, each notification with the node's exports it concerns over the last twelve
/// months (officers and auditors; the register alone for other roles); <c>GET /api/measures/match?hs=0810.60&amp;country=TH</c>:
/// the measures of a market for a product (400 with LS767/LS771).
/// </summary>
public static class RegisterApi
{
    /// <summary>The node's traffic under a measure: items, declarations, value in the node's currency, top traders.</summary>
    public sealed record TrafficView(long Items, long Declarations, decimal Value, string Currency, decimal ValueUsd, IReadOnlyList<TraderView> TopTraders);

    /// <summary>A trader's part of a measure's traffic: goods items and value in the node's currency.</summary>
    public sealed record TraderView(string TraderId, long Items, decimal Value);

    /// <summary>One entry of the register; its traffic is null for roles that do not see every declaration.</summary>
    public sealed record RegisterEntry(MeasureView Measure, TrafficView? Traffic);

    /// <summary>The register as the API gives it.</summary>
    public sealed record RegisterView(DateOnly On, DateOnly TrafficFrom, DateOnly TrafficTo, int Count, IReadOnlyList<RegisterEntry> Measures);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).WithSummary("The register of WTO TBT/SPS notifications, with the node's exports each concerns over the last 12 months (officers, auditors)")
            .Produces<RegisterView>();
        group.MapGet("/match", MatchAsync).WithSummary("The notifications in force or proposed for a product (HS chapter, heading or code) and market (ISO country)")
            .Produces<RegisterView>().ProducesProblem(StatusCodes.Status400BadRequest);
    }

    public static async Task<IResult> ListAsync(ClaimsPrincipal user, MeasureStore store, MeasureTraffic traffic, TimeProvider time, CancellationToken ct)
    {
        MeasureRegister register = await store.RegisterAsync(ct);
        return Results.Ok(await ViewAsync(user, register.All(), traffic, time, ct));
    }

    public static async Task<IResult> MatchAsync(ClaimsPrincipal user, MeasureStore store, MeasureTraffic traffic, TimeProvider time, string? hs, string? country, CancellationToken ct)
    {
        Result<(HsPrefix Hs, CountryCode Country)> q = MatchQuestion.Parse(hs, country);
        if (!q.IsValid)
        {
            return Results.Problem(q.Failure!.Reason, statusCode: StatusCodes.Status400BadRequest, title: "Bad match question",
                extensions: new Dictionary<string, object?> { ["code"] = q.Failure.Code });
        }

        MeasureRegister register = await store.RegisterAsync(ct);
        return Results.Ok(await ViewAsync(user, register.Match(q.Value.Hs, q.Value.Country), traffic, time, ct));
    }

    internal static async Task<RegisterView> ViewAsync(ClaimsPrincipal user, IReadOnlyList<RegisteredMeasure> measures, MeasureTraffic traffic, TimeProvider time, CancellationToken ct)
    {
        DateOnly today = traffic.Today(time);
        (DateOnly from, DateOnly to) = MeasureTraffic.LastTwelveMonths(today);
        IReadOnlyDictionary<string, MeasureTrafficRow>? rows = NodeAuthentication.ScopeOf(user).SeesAll ? await traffic.ForPeriodAsync(from, to, null, ct) : null;
        return new RegisterView(today, from, to, measures.Count, [.. measures.Select(m => new RegisterEntry(MeasureView.Of(m, today),
            rows is null ? null : Traffic(rows.TryGetValue(m.Notification.Symbol.Text, out MeasureTrafficRow? r) ? r : null, traffic.Currency)))]);
    }

    internal static TrafficView Traffic(MeasureTrafficRow? r, string currency)
    {
        if (r is null)
        {
            return new TrafficView(0, 0, 0m, currency, 0m, []);
        }

        CurrencyCode cur = CurrencyCode.Parse(currency).Value;
        return new TrafficView(r.Lines, r.Declarations, TradeReports.Amount(r.ValueMinor, cur), currency, TradeReports.Amount(r.ValueUsdMinor, CurrencyCode.Parse("USD").Value),
            [.. r.TopTraders.Select(t => new TraderView(t.TraderId, t.Lines, TradeReports.Amount(t.ValueMinor, cur)))]);
    }
}
