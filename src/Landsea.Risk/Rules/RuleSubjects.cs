using Landsea.Risk.Declarations;

namespace Landsea.Risk.Rules;

/// <summary>Officer rules (<see cref="RiskRule"/>, in Landsea.Domain/Risk so the node uses them without ML.NET) applied to KCS declarations.</summary>
public static class RuleSubjects
{
    /// <summary>The fields a rule reads; the trader is the importer.</summary>
    public static RuleSubject ToRuleSubject(this Declaration d) =>
        new(d.HsCode, d.OriginCountry, d.DepartureCountry, d.ImporterId, d.DeclarantId, d.OfficeId, d.TransportMode, d.UnitValue);

    public static bool Matches(this RiskRule rule, Declaration d, TypicalUnitValue? typical) => rule.Matches(d.ToRuleSubject(), typical);
}
