using System.Globalization;
using Landsea.Offices;
using Landsea.Shared;

namespace Landsea.Declarations;

/// <summary>An earlier submission under the same declarant and functional reference, as the store holds it.</summary>
/// <param name="ContentSha256">SHA-256 of its bytes, lower-case hex.</param>
/// <param name="Accepted">True when it was accepted (it then holds the reference).</param>
public readonly record struct EarlierSubmission(string ContentSha256, bool Accepted);

/// <summary>
/// The decisions taken when a submission is lodged, after its format reader has checked it: whether it repeats or
/// conflicts with an earlier one, whether it names the trader who lodges it, which MRN an accepted original gets, and
/// which status an amendment, a cancellation or an officer's decision leads to. Pure functions: the group-committing
/// writer reads what they need from the database, calls them, and stores what they decide.
/// </summary>
public static class Lodging
{
    /// <summary>
    /// The key a submission is filed under: the declarant's identifier as written (trimmed, upper case; also when it fails
    /// its check), else the trader who lodges it; null when neither is known.
    /// </summary>
    public static string? DeclarantKey(DeclarationCheck check, string? lodgingTrader) =>
        (check.DeclarantText ?? check.Declaration?.DeclarantId?.Value)?.Trim().ToUpperInvariant() ?? lodgingTrader;

    /// <summary>The functional reference a submission is filed under; null when it has none.</summary>
    public static string? ReferenceKey(Declaration? declaration) =>
        declaration?.FunctionalReference is { Length: > 0 } reference ? reference : null;

    /// <summary>
    /// Compares a submission with the earlier ones under the same declarant and functional reference (in the order they
    /// were stored).
    /// </summary>
    /// <param name="valid">True when the submission passed its format's checks; an invalid one is never a conflict.</param>
    /// <returns>
    /// The index in <paramref name="earlier"/> of the first submission with the same bytes (its answer is given again,
    /// marked duplicate); null when the submission is new; <see cref="ErrorCodes.DuplicateConflict"/> (LS080) when a valid
    /// submission reuses a reference already accepted with other content.
    /// </returns>
    public static Result<int?> Precedent(string declarant, string reference, string contentSha256, IReadOnlyList<EarlierSubmission> earlier, bool valid)
    {
        for (int i = 0; i < earlier.Count; i++)
        {
            if (earlier[i].ContentSha256 == contentSha256)
            {
                return (int?)i;
            }
        }

        return valid && earlier.Any(e => e.Accepted)
            ? new Failure(ErrorCodes.DuplicateConflict,
                $"Declarant {declarant} already lodged functional reference '{reference}' with different content; use a new reference, or an amendment of the accepted declaration.")
            : (int?)null;
    }

    /// <summary>
    /// The rule that a trader may only lodge declarations naming it (as declarant, importer, exporter or representative).
    /// Checked here only; officers (<paramref name="lodgingTrader"/> null) may lodge for anyone.
    /// </summary>
    /// <returns>The declaration, or <see cref="ErrorCodes.PartyMissing"/> (LS050).</returns>
    public static Result<Declaration> NamesLodgingTrader(Declaration declaration, string? lodgingTrader) =>
        lodgingTrader is null || declaration.TraderIds.Any(t => string.Equals(t.Value, lodgingTrader, StringComparison.OrdinalIgnoreCase))
            ? declaration
            : new Failure(ErrorCodes.PartyMissing,
                $"Signed in as trader {lodgingTrader}, you may only lodge declarations that name you (declarant {declaration.DeclarantId?.Value ?? "missing"}).");

    /// <summary>An original declaration must identify its declarant and carry a functional reference.</summary>
    /// <returns>The declaration, or <see cref="ErrorCodes.PartyMissing"/> (LS050).</returns>
    public static Result<Declaration> IdentifiesOriginal(Declaration declaration) =>
        declaration.Kind != SubmissionKind.Original || (declaration.DeclarantId is not null && ReferenceKey(declaration) is not null)
            ? declaration
            : new Failure(ErrorCodes.PartyMissing, "An original declaration needs the declarant's identifier and a functional reference.");

    /// <summary>
    /// True when a submission is a plainly new, valid original that names the trader lodging it: the writer may store it
    /// with others in multi-row statements once it knows its declarant and reference are unused.
    /// </summary>
    public static bool IsPlainOriginal(DeclarationCheck check, string? lodgingTrader) =>
        check.Errors.Count == 0 && check.Declaration is { Kind: SubmissionKind.Original } d
        && IdentifiesOriginal(d).IsValid && NamesLodgingTrader(d, lodgingTrader).IsValid;

    /// <summary>The event a request about a lodged declaration asks for.</summary>
    /// <returns>
    /// <see cref="DeclarationEvent.AmendmentAccepted"/> for an amendment (COR), <see cref="DeclarationEvent.Invalidated"/>
    /// for a cancellation (INV); <see cref="ErrorCodes.InvalidTransition"/> (LS082) for a request this node does not handle.
    /// </returns>
    public static Result<DeclarationEvent> RequestedEvent(Declaration request) => request.Kind switch
    {
        SubmissionKind.Amendment => DeclarationEvent.AmendmentAccepted,
        SubmissionKind.Cancellation => DeclarationEvent.Invalidated,
        _ => new Failure(ErrorCodes.InvalidTransition,
            $"Requests of type '{request.TypeCode}' are not handled by this node yet; amendments (COR) and cancellations (INV) are."),
    };

    /// <summary>An amendment or cancellation that names no declaration the requester may see.</summary>
    public static Failure UnknownTarget(string? mrn) =>
        new(ErrorCodes.UnknownDeclaration, $"No declaration with MRN '{mrn}' is held by this node for you.");

    /// <summary>
    /// Checks an amendment's goods item numbers against the declaration as amended: the amendment carries only the changed
    /// and added items, so its numbers replace or extend the lodged ones, and the items as amended must be numbered 1, 2,
    /// 3, ... without gaps; the goods item quantity it states is the count of the declaration as amended.
    /// </summary>
    /// <returns>Errors at the amendment's pointers: <see cref="ErrorCodes.ItemNumbering"/> (LS040) and <see cref="ErrorCodes.ItemCount"/> (LS041).</returns>
    public static List<DeclarationError> CheckAmendedItems(Declaration lodged, AmendedItemNumbers? amendment)
    {
        var errors = new List<DeclarationError>();
        if (amendment is null)
        {
            return errors;
        }

        var numbers = lodged.Items.Select(i => i.Sequence).ToHashSet();
        var own = new Dictionary<int, Located>();
        foreach (Located seq in amendment.Sequences)
        {
            if (!int.TryParse(seq.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || !own.TryAdd(n, seq))
            {
                errors.Add(new(seq.Pointer, ErrorCodes.ItemNumbering, $"Goods item numbered '{seq.Value}': items are numbered 1, 2, 3, ..., each once."));
            }
        }

        numbers.UnionWith(own.Keys);
        int asAmended = numbers.Count;
        if (errors.Count == 0 && asAmended > 0 && numbers.Max() != asAmended)
        {
            int missing = Enumerable.Range(1, asAmended).First(k => !numbers.Contains(k));
            // The first amendment item above the gap is the one that opens it (lodged items are numbered 1..n).
            KeyValuePair<int, Located> opener = own.Where(x => x.Key > missing).OrderBy(x => x.Key).FirstOrDefault();
            errors.Add(new(opener.Value.Pointer ?? amendment.Sequences[0].Pointer, ErrorCodes.ItemNumbering,
                $"Goods item {opener.Key} leaves a gap: the declaration as amended has no item {missing} ({lodged.Items.Count} lodged); items are numbered 1, 2, 3, ... in order."));
        }

        if (asAmended > DeclarationRules.MaxItems && amendment.Sequences.Count > 0)
        {
            errors.Add(new(amendment.Sequences[^1].Pointer, ErrorCodes.OutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"The declaration as amended would have {asAmended:N0} goods items; one declaration holds at most {DeclarationRules.MaxItems:N0}.")));
        }

        if (amendment.DeclaredCount is { } count && amendment.Sequences.Count > 0 && count.Value != asAmended.ToString(CultureInfo.InvariantCulture))
        {
            errors.Add(new(count.Pointer, ErrorCodes.ItemCount,
                $"The amendment states {count.Value} goods items but the declaration as amended has {asAmended} ({lodged.Items.Count} lodged, {asAmended - lodged.Items.Count} added)."));
        }

        return errors;
    }

    /// <summary>
    /// The declaration as amended: the amendment's goods items replace the lodged ones of the same number and extend the
    /// list with new numbers; of the header, what the amendment states (invoice, countries, transport, office, containers,
    /// parties by role) replaces what was lodged, and what it leaves out stays. Identity (reference, type, declarant, MRN)
    /// is the lodged declaration's.
    /// </summary>
    public static Declaration Amend(Declaration lodged, Declaration amendment)
    {
        ArgumentNullException.ThrowIfNull(lodged);
        ArgumentNullException.ThrowIfNull(amendment);
        var items = lodged.Items.ToDictionary(i => i.Sequence);
        foreach (GoodsItem item in amendment.Items)
        {
            items[item.Sequence] = item;
        }

        var roles = amendment.Parties.Select(p => p.Role).ToHashSet(StringComparer.OrdinalIgnoreCase);
        roles.Remove("declarant"); // the declarant is who lodged; an amendment does not hand the declaration to someone else
        return lodged with
        {
            Items = [.. items.Values.OrderBy(i => i.Sequence)],
            Parties = [.. lodged.Parties.Where(p => !roles.Contains(p.Role)), .. amendment.Parties.Where(p => roles.Contains(p.Role))],
            InvoiceAmount = amendment.InvoiceAmount ?? lodged.InvoiceAmount,
            InvoiceCurrency = amendment.InvoiceCurrency ?? lodged.InvoiceCurrency,
            ExportCountry = amendment.ExportCountry ?? lodged.ExportCountry,
            DestinationCountry = amendment.DestinationCountry ?? lodged.DestinationCountry,
            TransportMode = amendment.TransportMode ?? lodged.TransportMode,
            OfficeCode = amendment.OfficeCode ?? lodged.OfficeCode,
            Containers = amendment.Containers.Count > 0 ? amendment.Containers : lodged.Containers,
        };
    }

    /// <summary>The status a declaration takes when the declarant's amendment or cancellation is accepted.</summary>
    /// <returns>The next status, or <see cref="ErrorCodes.InvalidTransition"/> (LS082) when the request comes too late.</returns>
    public static Result<DeclarationStatus> ApplyRequest(string mrn, DeclarationStatus current, Declaration request, DeclarationEvent e) =>
        DeclarationLifecycle.Next(current, e) is { } next
            ? next
            : new Failure(ErrorCodes.InvalidTransition,
                $"Declaration {mrn} is {current}; a {request.Kind.ToString().ToLowerInvariant()} is no longer possible.");

    /// <summary>Whether an event is an officer's to record (the others come from validation or the declarant's requests).</summary>
    /// <returns>The event, or <see cref="ErrorCodes.InvalidTransition"/> (LS082).</returns>
    public static Result<DeclarationEvent> OfficerMayRecord(DeclarationEvent e) =>
        DeclarationLifecycle.IsOfficerAction(e)
            ? e
            : new Failure(ErrorCodes.InvalidTransition, $"'{e}' is decided by validation or by the declarant's request, not by an officer.");

    /// <summary>The status after an officer's decision.</summary>
    /// <returns>
    /// The next status, or <see cref="ErrorCodes.InvalidTransition"/> (LS082) when the event is not an officer's to
    /// record or is not allowed in <paramref name="current"/>.
    /// </returns>
    public static Result<DeclarationStatus> ApplyOfficerAction(string mrn, DeclarationStatus current, DeclarationEvent e)
    {
        if (OfficerMayRecord(e).Failure is { } refused)
        {
            return refused;
        }

        return DeclarationLifecycle.Next(current, e) is { } next
            ? next
            : new Failure(ErrorCodes.InvalidTransition,
                $"Cannot record '{e}' for {mrn}: it is {current}. Allowed now: {string.Join(", ", DeclarationLifecycle.AllowedEvents(current).DefaultIfEmpty())}.");
    }

    /// <summary>
    /// The MRN series an accepted original draws its serial from: two-digit year (the receiving office's local year,
    /// UTC when the office is unknown), the node's country and three characters of the node's code.
    /// </summary>
    public static MrnSeries SeriesFor(CustomsNode node, CustomsOffice? office, DateTimeOffset now)
    {
        int year = office is null ? now.UtcDateTime.Year : office.LocalDay(now).Year;
        string tag = new string(node.Code.Where(char.IsAsciiLetterOrDigit).ToArray()).PadRight(5, 'X')[2..5];
        return new MrnSeries(string.Create(CultureInfo.InvariantCulture, $"{year % 100:00}{node.Country}{tag}"), year, node.Country, tag);
    }
}

/// <summary>
/// One series of MRNs: those a node issues in one year. <see cref="Key"/> names its serial counter.
/// Invariant: <see cref="Key"/> is the two-digit year, <see cref="Country"/> and <see cref="NodeTag"/>.
/// </summary>
public sealed record MrnSeries(string Key, int Year, string Country, string NodeTag)
{
    /// <summary>
    /// The MRN with the given serial: the node tag and nine serial digits, and the procedure letter of the declaration's
    /// direction (A export, R import, P otherwise).
    /// </summary>
    /// <exception cref="FormatException">The serial has more than nine digits (a broken counter, not an input error).</exception>
    public Mrn MrnFor(DeclarationDirection direction, long serial)
    {
        char procedure = direction switch { DeclarationDirection.Export => 'A', DeclarationDirection.Import => 'R', _ => 'P' };
        return Mrn.Create(Year, Country, NodeTag + serial.ToString("D9", CultureInfo.InvariantCulture), procedure).OrThrow();
    }
}
