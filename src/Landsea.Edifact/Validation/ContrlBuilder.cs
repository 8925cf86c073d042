using System.Collections.Immutable;
using System.Globalization;
using Landsea.Edifact.Model;

namespace Landsea.Edifact.Validation;

/// <summary>
/// Builds the CONTRL syntax and service report (syntax version 4, CONTRL:4:1:UN) that an EDI gateway returns for a
/// checked interchange: UCI for the interchange (action 7 acknowledged or 4 rejected), and for each message with
/// errors a UCM (action 4) with UCS (segment position and syntax error) and UCD (element and component position).
/// Errors outside messages go to UCI. Clean messages get UCM with action 7.
/// </summary>
public static class ContrlBuilder
{
    public static EdifactDocument Build(EdifactValidationReport report, string senderId, DateTimeOffset preparedAt, string controlReference)
    {
        var original = report.Interchange ?? new InterchangeSummary("", "", "", "", "", "UNOC", "4");
        var body = new List<EdifactSegment>();
        var errors = report.Errors.ToList();
        var envelopeErrors = errors.Where(e => e.Pointer.Message == 0).ToList();
        bool rejected = errors.Count > 0;
        var uci = new List<string[]>
        {
            new[] { original.Reference },
            new[] { original.Sender, original.SenderQualifier },
            new[] { original.Recipient, original.RecipientQualifier },
            new[] { rejected ? "4" : "7" },
        };
        if (envelopeErrors.FirstOrDefault() is { } first)
        {
            uci.Add([Number(first.SyntaxError)]);
            uci.Add([first.Pointer.Tag ?? ""]);
        }

        body.Add(EdifactSegment.Of("UCI", [.. uci]));
        foreach (var message in report.Messages)
        {
            var messageErrors = errors.Where(e => e.Pointer.Message == message.Number).ToList();
            body.Add(EdifactSegment.Of(
                "UCM",
                [message.Reference],
                [message.MessageType, message.Version, message.Release, message.Agency],
                [messageErrors.Count > 0 ? "4" : "7"]));
            foreach (var bySegment in messageErrors.GroupBy(e => e.Pointer.Segment).Take(999))
            {
                var firstOfSegment = bySegment.First();
                body.Add(EdifactSegment.Of("UCS", [Number(bySegment.Key)], [Number(firstOfSegment.SyntaxError)]));
                foreach (var e in bySegment.Where(e => e.Pointer.Element > 0).Take(99))
                {
                    body.Add(EdifactSegment.Of("UCD", [Number(e.SyntaxError)], [Number(e.Pointer.Element), e.Pointer.Component > 0 ? Number(e.Pointer.Component) : ""]));
                }
            }
        }

        string reference = "1";
        var unh = EdifactSegment.Of("UNH", [reference], ["CONTRL", "4", "1", "UN"]);
        var unt = EdifactSegment.Of("UNT", [Number(body.Count + 2)], [reference]);
        var message1 = new EdifactMessage(unh, [.. body.Select(b => b.Compact())], unt);
        var unb = EdifactSegment.Of(
            "UNB",
            ["UNOC", "4"],
            [senderId],
            original.Sender.Length > 0 ? [original.Sender, original.SenderQualifier] : ["UNKNOWN"],
            [preparedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture), preparedAt.ToString("HHmm", CultureInfo.InvariantCulture)],
            [controlReference]);
        var unz = EdifactSegment.Of("UNZ", ["1"], [controlReference]);
        return new EdifactDocument(null, new EdifactInterchange(unb.Compact(), [], ImmutableArray.Create(message1), unz), []);
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
