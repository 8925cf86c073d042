namespace Landsea.Sharing;

/// <summary>
/// A line of the message log in an officer's words: what happened, with whom, for which MRN (issue 15 item 6). The log
/// keeps the technical columns beside it for operators; this is the sentence an officer reads first.
/// </summary>
public static class MessageWording
{
    /// <param name="direction">"out" (this node sent) or "in" (a partner sent).</param>
    /// <param name="type">The envelope type (<see cref="MessageTypes"/>); empty for a refused envelope that could not be read.</param>
    /// <param name="partner">The partner's name (or code).</param>
    /// <param name="subject">The conversation: an MRN, a movement or a certificate number.</param>
    /// <param name="outcome">The log's outcome code (PENDING, RECE, APPLIED, DEAD, QUARANTINED, DUPE, BSIG, ...).</param>
    public static string Describe(string direction, string type, string partner, string subject, string outcome)
    {
        bool sent = direction == "out";
        string what = What(type, subject);
        string headline = sent ? $"Sent {what} to {partner}" : type.Length == 0 ? $"Refused a message claiming to be from {partner}" : $"{partner} sent {what}";
        string state = (sent, outcome) switch
        {
            (true, "PENDING") => "waiting to be delivered",
            (true, "RECE") => "they received it",
            (true, "DUPE") => "they already had it",
            (true, "DEAD") => "not delivered: given up (see dead letters)",
            (true, _) => $"they refused it ({Refusal(outcome)})",
            (false, "RECE") => "received, not yet applied",
            (false, "APPLIED") => "received and applied",
            (false, "QUARANTINED") => "received but could not be applied: waiting for an operator",
            (false, _) => $"refused: {Refusal(outcome)}",
        };
        return $"{headline}: {state}.";
    }

    private static string What(string type, string subject)
    {
        string of = subject.Length == 0 ? "" : $" for {subject}";
        return type switch
        {
            MessageTypes.PreArrival => $"pre-arrival information{of}",
            MessageTypes.PreArrivalDecision => $"a decision on pre-arrival information{of}",
            MessageTypes.ArrivalNotice => $"notice that goods{of} are on their way",
            MessageTypes.ArrivalConfirmation => $"confirmation that goods{of} arrived",
            MessageTypes.ControlResult => $"an inspection result{of}",
            MessageTypes.OriginCertificate => $"certificate of origin {subject}".TrimEnd(),
            MessageTypes.OriginRevocation => $"the revocation of certificate of origin {subject}".TrimEnd(),
            MessageTypes.SealIncident => $"a seal incident (IE180){(subject.Length == 0 ? "" : $" on consignment {subject}")}",
            MessageTypes.Withdrawal => $"the withdrawal of a message{of} it gave up on",
            MessageTypes.RefusedApplication => $"notice that a message{of} could not be applied",
            "exchange-key-rollover" => "its new signing key",
            MessageTypes.TestPing => "a test message",
            _ when type.StartsWith(MessageTypes.TransitPrefix, StringComparison.Ordinal) =>
                $"transit message {type[MessageTypes.TransitPrefix.Length..].ToUpperInvariant()}{(subject.Length == 0 ? "" : $" for movement {subject}")}",
            _ => $"a {type} message{of}",
        };
    }

    private static string Refusal(string code) => code switch
    {
        "BSIG" => "signature does not match the pinned key",
        "BENV" => "malformed or out of order",
        "USND" => "sender is not a partner",
        "NAGR" => "not in the agreement",
        "SIZE" => "too large",
        _ => code,
    };
}
