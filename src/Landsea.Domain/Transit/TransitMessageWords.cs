namespace Landsea.Transit;

/// <summary>What an NCTS message is, in a trader's or an officer's words (the movement page and the notification feed).</summary>
public static class TransitMessageWords
{
    /// <summary>The words for a message type (<c>CC029C</c>, also <c>IE029</c>); empty for a type without words.</summary>
    public static string Of(string? type) => (type is { Length: 6 } t && t.StartsWith("IE", StringComparison.Ordinal) ? "CC" + t[2..] + "C" : type) switch
    {
        "CC015C" => "transit declaration",
        "CC013C" => "amendment",
        "CC014C" => "invalidation request",
        "CC170C" => "presentation notification",
        "CC007C" => "arrival notification",
        "CC044C" => "unloading remarks",
        "CC004C" => "amendment acceptance",
        "CC025C" => "goods release notification",
        "CC043C" => "unloading permission",
        "CC058C" => "unloading remarks rejection",
        "CC028C" => "MRN allocated",
        "CC029C" => "release for transit",
        "CC051C" => "no release",
        "CC056C" => "rejection",
        "CC060C" => "control decision",
        "CC009C" => "invalidation decision",
        "CC045C" => "write-off",
        "CC019C" => "discrepancies",
        "CC055C" => "guarantee not valid",
        "CC928C" => "positive acknowledgement",
        _ => "",
    };
}
