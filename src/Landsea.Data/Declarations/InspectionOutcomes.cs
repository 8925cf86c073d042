using Landsea.Exchange.Storage;

namespace Landsea.Data.Declarations;

/// <summary>
/// The result of a control (inspection, scan, document check) of a declaration.
/// </summary>
/// <param name="Found">True when the control found an irregularity.</param>
/// <param name="What">What was found (or checked), in the officer's words.</param>
/// <param name="Source">Where the control happened: an office code of this node, or a partner node's code.</param>
/// <param name="FromPartner">True when a partner administration reported it (mutual recognition).</param>
/// <param name="At">When the control was recorded, UTC.</param>
public sealed record InspectionOutcome(string Mrn, bool Found, string? What, string Source, bool FromPartner, DateTimeOffset At, string RecordedBy);

/// <summary>
/// Receives every inspection outcome inside the transaction that records it: risk keeps it for retraining, the
/// exchange forwards local outcomes to partners whose agreements cover them. Whoever records an outcome calls
/// every registered sink.
/// </summary>
public interface IInspectionOutcomeSink
{
    /// <param name="work">The recording's transaction; write within it only.</param>
    Task RecordAsync(UnitOfWork work, InspectionOutcome outcome, CancellationToken ct);
}
