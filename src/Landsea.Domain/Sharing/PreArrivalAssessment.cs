using System.Text.Json;

namespace Landsea.Sharing;

/// <summary>
/// The destination administration's assessment of a pre-arrival (a documented rule, no model): hold for inspection when
/// there are no goods items, when any item is in a sensitive HS chapter (28, 29 chemicals; 36 explosives; 38 chemical
/// products; 93 arms) or has no commodity code, when an item's gross mass is not a usable number (not a number, out of
/// range, negative), or when the consignment's gross mass exceeds 25 000 kg; otherwise release. Total: never throws.
/// </summary>
/// <param name="Hold">True: hold for inspection; false: release.</param>
/// <param name="Reason">Why, in one phrase (sent to the partner).</param>
public sealed record PreArrivalAssessment(bool Hold, string Reason)
{
    /// <summary>The state and wire value for a held pre-arrival.</summary>
    public const string HoldDecision = "hold";

    /// <summary>The state and wire value for a released pre-arrival.</summary>
    public const string ReleaseDecision = "release";

    private static readonly string[] s_sensitiveChapters = ["28", "29", "36", "38", "93"];

    /// <summary>Largest gross mass released without inspection, in kilograms (inclusive).</summary>
    public const decimal MassLimitKg = 25_000;

    /// <summary><see cref="HoldDecision"/> or <see cref="ReleaseDecision"/>.</summary>
    public string Decision => Hold ? HoldDecision : ReleaseDecision;

    /// <summary>Assesses a pre-arrival document (a JSON object); never throws on its content.</summary>
    public static PreArrivalAssessment Assess(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("items", out JsonElement items) || items.ValueKind != JsonValueKind.Array)
        {
            return new(true, "no goods items");
        }

        decimal mass = 0;
        foreach (JsonElement item in items.EnumerateArray())
        {
            string? code = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("commodityCode", out JsonElement c) ? JsonText.String(c) : null;
            if (code is not { Length: >= 2 })
            {
                return new(true, "an item has no commodity code");
            }

            if (s_sensitiveChapters.Contains(code[..2], StringComparer.Ordinal))
            {
                return new(true, $"HS chapter {code[..2]} is selected for inspection");
            }

            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("grossMassKg", out JsonElement m) && m.ValueKind != JsonValueKind.Null)
            {
                // A mass that is not a number, is out of decimal's range (1e400) or negative cannot be assessed: hold.
                if (m.ValueKind != JsonValueKind.Number || !m.TryGetDecimal(out decimal kg) || kg < 0)
                {
                    return new(true, "an item's gross mass is not a usable number");
                }

                // Stop adding once over the limit: the sum never overflows, whatever the partner sends.
                mass += kg;
                if (mass > MassLimitKg)
                {
                    return new(true, "gross mass over 25 000 kg");
                }
            }
        }

        return new(false, "no risk rule matched");
    }
}
