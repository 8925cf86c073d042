using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Landsea.Data.Access;
using Landsea.Exchange;
using Landsea.Exchange.Records;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Delivery;
using Landsea.Exchange.Partners;
using Landsea.Web.Features.Access;
using Microsoft.AspNetCore.Mvc;

namespace Landsea.Web.Features.Exchange;

/// <summary>A partner to register (or update): its code, name, envelope endpoint and certificate to pin (PEM).</summary>
public sealed record PartnerRequest(string Code, string Name, string Endpoint, string CertificatePem);

/// <summary>A partner as the API shows it (certificate by thumbprint only).</summary>
public sealed record PartnerView(string Code, string Name, string Endpoint, string KeyId, DateTimeOffset CertificateNotAfter, AgreementView? Agreement);

/// <summary>A new version of the agreement with a partner: what may be sent (with field allow-lists) and received.</summary>
public sealed record AgreementRequest(IReadOnlyList<OutboundRule> Outbound, IReadOnlyList<string> Inbound);

public sealed record AgreementView(long Version, DateTimeOffset RecordedAt, IReadOnlyList<OutboundRule> Outbound, IReadOnlyList<string> Inbound);

/// <summary>The exchange's REST API: partners and agreements, dead letters, message log, counters, officer actions.</summary>
public static class ExchangeApi
{
    public static void MapExchangeApi(this WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/exchange").RequireAuthorization().WithTags("Exchange");
        api.MapGet("/partners", ListPartnersAsync).WithSummary("Registered partner nodes with their current agreement");
        api.MapPost("/partners", SavePartnerAsync).WithSummary("Register a partner or replace its endpoint and pinned certificate (administrators)");
        api.MapPut("/partners/{code}/agreement", SetAgreementAsync).WithSummary("Record a new version of the agreement with a partner (administrators); old versions are kept");
        api.MapGet("/partners/{code}/agreements", AgreementHistoryAsync).WithSummary("Every version of the agreement with a partner, oldest first");
        api.MapGet("/dead-letters", DeadLettersAsync).WithSummary("Envelopes delivery gave up on, with the reason");
        api.MapPost("/dead-letters/{envelopeId}/retry", RetryAsync).WithSummary("Put a dead letter back in the outbox (administrators)");
        api.MapPost("/dead-letters/{envelopeId}/withdraw", WithdrawAsync)
            .WithSummary("Give up on a dead letter for good (administrators): a signed withdrawal fills its place in the conversation so later envelopes are handed over");
        api.MapGet("/messages", MessagesAsync).WithSummary("Message log: search by conversation (MRN), partner, type, outcome, time (from/to, ISO 8601 UTC)");
        api.MapGet("/conversations/{conversation}", ConversationAsync).WithSummary("One conversation's envelopes, both directions, in order, with audit entries");
        api.MapGet("/records", RecordsAsync).WithSummary("Business effects of partner messages for an MRN (pre-arrival, decision, arrival, control results)");
        api.MapGet("/stats", StatsAsync).WithSummary("Counters: sent, delivered, pending, received, applied, duplicates dropped, refused, dead letters");
    }

    private static async Task<IResult> ListPartnersAsync(ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (Denied(user, ExchangeAccess.Read) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        var views = new List<PartnerView>();
        foreach (Partner p in await PartnerRegistry.ListAsync(c, ct))
        {
            SharingAgreement? a = await PartnerRegistry.FindAgreementAsync(c, p.Code, ct);
            views.Add(new PartnerView(p.Code, p.Name, p.Endpoint.ToString(), p.KeyId, p.Certificate.NotAfter.ToUniversalTime(), a is null ? null : View(a)));
        }

        return Results.Ok(views);
    }

    private static async Task<IResult> SavePartnerAsync(PartnerRequest request, ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (Denied(user, ExchangeAccess.Administer) is { } denied)
        {
            return denied;
        }

        if (PartnerFrom(request) is not { } partner)
        {
            return Results.Problem("Code must be a node code (A-Z, 0-9), endpoint an absolute http(s) URL, certificatePem an X.509 certificate in PEM.", statusCode: 422);
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, x.Time, ct);
        await x.Gateway.Partners.SaveAsync(work, partner, ct);
        await work.CommitAsync(ct);
        return Results.Ok(new PartnerView(partner.Code, partner.Name, partner.Endpoint.ToString(), partner.KeyId, partner.Certificate.NotAfter.ToUniversalTime(), null));
    }

    /// <summary>Reads a partner registration; null when the code, endpoint or certificate is not acceptable.</summary>
    public static Partner? PartnerFrom(PartnerRequest r) => PartnerRegistration.Read(r.Code, r.Name, r.Endpoint, r.CertificatePem);

    private static async Task<IResult> SetAgreementAsync(string code, AgreementRequest request, ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (Denied(user, ExchangeAccess.Administer) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, x.Time, ct);
        try
        {
            SharingAgreement a = await x.Gateway.Partners.SetAgreementAsync(work, code, request.Outbound ?? [], request.Inbound ?? [], ct);
            await work.CommitAsync(ct);
            return Results.Ok(View(a));
        }
        catch (InvalidOperationException ex)
        {
            return Results.Problem(ex.Message, statusCode: 404);
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(ex.Message, statusCode: 422);
        }
    }

    private static async Task<IResult> AgreementHistoryAsync(string code, ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (Denied(user, ExchangeAccess.Read) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        return Results.Ok((await PartnerRegistry.AgreementHistoryAsync(c, code, ct)).Select(View));
    }

    private static async Task<IResult> DeadLettersAsync(ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (Denied(user, ExchangeAccess.Read) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        return Results.Ok(await MessageLog.DeadLettersAsync(c, ct));
    }

    private static async Task<IResult> RetryAsync(string envelopeId, ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (Denied(user, ExchangeAccess.Administer) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, x.Time, ct);
        if (!await x.Gateway.DeadLetters.RetryAsync(work, envelopeId, ct))
        {
            return Results.Problem($"No dead letter {envelopeId}.", statusCode: 404);
        }

        await work.CommitAsync(ct);
        x.Gateway.Sender.Notify();
        return Results.Ok(new { envelopeId, requeued = true });
    }

    private static async Task<IResult> WithdrawAsync(string envelopeId, WithdrawRequest request, ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (Denied(user, ExchangeAccess.Administer) is { } denied)
        {
            return denied;
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["A reason of 1 to 500 characters is required: the partner receives it."] });
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, x.Time, ct);
        (WithdrawOutcome outcome, QueuedEnvelope? withdrawal) = await x.Gateway.DeadLetters.WithdrawAsync(work, envelopeId,
            $"{request.Reason.Trim()} (by {user.Identity?.Name})", ct);
        switch (outcome)
        {
            case WithdrawOutcome.NotFound:
                return Results.Problem($"No dead letter {envelopeId}.", statusCode: 404);
            case WithdrawOutcome.AlreadyWithdrawn:
                return Results.Problem($"Dead letter {envelopeId} was already withdrawn.", statusCode: 409);
        }

        await work.CommitAsync(ct);
        x.Gateway.Sender.Notify();
        return Results.Ok(new { envelopeId, withdrawal = withdrawal!.Envelope.Id, conversation = withdrawal.Envelope.Conversation, sequence = withdrawal.Envelope.Sequence });
    }

    private static async Task<IResult> MessagesAsync(ClaimsPrincipal user, NodeExchange x, [FromQuery] string? conversation, [FromQuery] string? partner,
        [FromQuery] string? type, [FromQuery] string? outcome, [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to, [FromQuery] int? limit, CancellationToken ct)
    {
        if (Denied(user, ExchangeAccess.Read) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        return Results.Ok(await MessageLog.SearchAsync(c, new MessageFilter(conversation, partner, type, outcome, from, to, limit ?? 200), ct));
    }

    private static async Task<IResult> ConversationAsync(string conversation, ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (Denied(user, ExchangeAccess.Read) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        return Results.Ok(new { conversation, envelopes = await MessageLog.ConversationAsync(c, conversation, ct), audit = await MessageLog.AuditForConversationAsync(c, conversation, ct) });
    }

    private static async Task<IResult> RecordsAsync(ClaimsPrincipal user, NodeExchange x, [FromQuery] string mrn, CancellationToken ct)
    {
        if (Denied(user, ExchangeAccess.Read) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        return Results.Ok((await MessageRecords.ForKeyAsync(c, mrn, ct)).Select(r => new
        {
            r.EnvelopeId, r.Direction, r.Partner, r.Type, Mrn = r.Key, r.Sequence, r.State, r.Summary, r.Document, r.At, r.Id,
        }));
    }

    private static async Task<IResult> StatsAsync(ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (Denied(user, ExchangeAccess.Read) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        return Results.Ok(await MessageLog.StatsAsync(c, ct));
    }

    /// <summary>Officers and auditors read; only officers change anything.</summary>
    /// <summary>Null when the user may do what <paramref name="need"/> names; otherwise a 403 saying who may.</summary>
    internal static IResult? Denied(ClaimsPrincipal user, ExchangeAccess need)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        (bool allowed, string what, string who) = need switch
        {
            ExchangeAccess.Administer => (scope.Role == Role.Administrator, "manage partners, agreements or dead letters", "administrators"),
            ExchangeAccess.Act => (scope.Role == Role.Officer, "act on partner messages", "officers"),
            _ => (scope.Role is Role.Officer or Role.Auditor or Role.Administrator, "read the exchange", "officers, auditors and administrators"),
        };
        return allowed ? null : Results.Problem(string.Create(CultureInfo.InvariantCulture, $"{scope.Role} accounts may not {what}; only {who} may."), statusCode: 403);
    }

    private static AgreementView View(SharingAgreement a) => new(a.Version, a.RecordedAt, a.Outbound, a.InboundTypes);
}

/// <summary>Why an officer gives up on a dead letter; sent to the partner in the withdrawal.</summary>
public sealed record WithdrawRequest(string? Reason);

/// <summary>What an exchange endpoint needs of the user.</summary>
public enum ExchangeAccess
{
    /// <summary>Read the log, partners, agreements, dead letters and effects: officers, auditors, administrators.</summary>
    Read,

    /// <summary>Confirm arrivals, record inspections of partner goods: officers.</summary>
    Act,

    /// <summary>Partners, agreements, dead-letter retry and withdrawal: administrators.</summary>
    Administer,
}
