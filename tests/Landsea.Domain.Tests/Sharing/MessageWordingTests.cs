using Landsea.Sharing;

namespace Landsea.Domain.Tests.Sharing;

/// <summary>Issue 15 item 6: the message log says what happened, with whom, for which MRN, in an officer's words.</summary>
public class MessageWordingTests
{
    [Theory]
    [InlineData("out", "pre-arrival", "Singapore Customs", "26CNCQI0000000017", "RECE", "Sent pre-arrival information for 26CNCQI0000000017 to Singapore Customs: they received it.")]
    [InlineData("out", "control-result", "Nanning Customs", "26CNCQI0000000018", "PENDING", "Sent an inspection result for 26CNCQI0000000018 to Nanning Customs: waiting to be delivered.")]
    [InlineData("out", "pre-arrival", "Singapore Customs", "26CNCQI0000000019", "NAGR", "Sent pre-arrival information for 26CNCQI0000000019 to Singapore Customs: they refused it (not in the agreement).")]
    [InlineData("out", "arrival-notice", "Kunming Customs", "26CNCQI0000000020", "DEAD", "Sent notice that goods for 26CNCQI0000000020 are on their way to Kunming Customs: not delivered: given up (see dead letters).")]
    [InlineData("in", "pre-arrival-decision", "Singapore Customs", "26CNCQI0000000017", "APPLIED", "Singapore Customs sent a decision on pre-arrival information for 26CNCQI0000000017: received and applied.")]
    [InlineData("in", "transit-ie001", "Nanning Customs", "26CNCQI0000000021", "QUARANTINED", "Nanning Customs sent transit message IE001 for movement 26CNCQI0000000021: received but could not be applied: waiting for an operator.")]
    [InlineData("in", "", "SGSIN", "", "BSIG", "Refused a message claiming to be from SGSIN: refused: signature does not match the pinned key.")]
    [InlineData("in", "exchange-key-rollover", "Singapore Customs", "keys-abc", "APPLIED", "Singapore Customs sent its new signing key: received and applied.")]
    public void Describe_SaysWhatHappenedWithWhomForWhich(string direction, string type, string partner, string subject, string outcome, string expected) =>
        Assert.Equal(expected, MessageWording.Describe(direction, type, partner, subject, outcome));
}
