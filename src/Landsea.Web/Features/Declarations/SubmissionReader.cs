using Landsea.Declarations;
using Landsea.Edifact.Mapping;

namespace Landsea.Web.Features.Declarations;

/// <summary>
/// Recognises a submission's format and reads it: UN/EDIFACT CUSDEC (starts with UNA, UNB or UNH), JSON (starts with
/// '{'), or WCO DM 3.6 DEC XML. Every reader reports with the same error codes and runs the same business rules.
/// </summary>
public static class SubmissionReader
{
    public const string Edifact = "edifact";

    public static (string Format, DeclarationCheck Check) Read(ReadOnlyMemory<byte> bytes, DateOnly lodgedOn) =>
        CusdecDeclarationReader.LooksLikeEdifact(bytes.Span)
            ? (Edifact, CusdecDeclarationReader.Read(bytes, lodgedOn))
            : DeclarationReader.Read(bytes, lodgedOn);
}
