using Landsea.Shared;

namespace Landsea.Offices;

/// <summary>What an office may act as in a movement (NCTS/ACTS roles), combinable.</summary>
[Flags]
public enum OfficeRoles
{
    None = 0,
    Departure = 1,
    Transit = 2,
    Exit = 4,
    Entry = 8,
    Destination = 16,
    Export = 32,
    Import = 64,
    Guarantee = 128,
}

/// <summary>A Landsea node: one customs administration or customs district that runs its own instance.</summary>
/// <param name="Code">Node code, for example <c>CNCQI</c> (the UN/LOCODE of its seat).</param>
/// <param name="Name">For example "Chongqing Customs".</param>
/// <param name="Country">ISO country of the administration.</param>
/// <param name="TimeZoneId">IANA time zone of the seat, for example "Asia/Shanghai".</param>
public sealed record CustomsNode(string Code, string Name, string Country, string TimeZoneId);

/// <summary>
/// A customs office. Events name the office where they happened; "per day" means the office's local day,
/// computed from <see cref="TimeZoneId"/> (the corridor spans UTC+7 and UTC+8).
/// </summary>
/// <param name="Code">Office reference number: ISO country and six characters, for example <c>CN800001</c>.</param>
public sealed record CustomsOffice(string Code, string Name, string NodeCode, string UnLocode, string TimeZoneId, OfficeRoles Roles)
{
    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>The office's local calendar day for a UTC instant.</summary>
    public DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>The UTC instant at which the office's local <paramref name="day"/> begins (its end is the next day's start).</summary>
    public DateTimeOffset DayStart(DateOnly day) => DayStart(day, TimeZone);

    /// <summary>The UTC instant at which <paramref name="day"/> begins in <paramref name="zone"/>.</summary>
    public static DateTimeOffset DayStart(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }

    /// <summary>The office's local time of an instant, with its offset, as pages show it: <c>2026-12-02 06:34 +08:00</c>.</summary>
    public string LocalTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZone).ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Checks the office code's shape: an ISO country then six letters or digits.</summary>
    public static Result<string> ParseCode(string? text)
    {
        string s = (text ?? "").Trim();
        if (s.Length != 8 || !s.All(char.IsAsciiLetterOrDigit) || !CountryCode.IsIsoCountry(s[..2]))
        {
            return Result<string>.Fail(ValueErrorCodes.OfficeCode, $"Office code '{text}' must be an ISO country code followed by six letters or digits.");
        }

        return Result<string>.Ok(s);
    }
}

/// <summary>The nodes and offices of the New International Land-Sea Trade Corridor that Landsea ships with.</summary>
public static class Corridor
{
    public static IReadOnlyList<CustomsNode> Nodes { get; } =
    [
        new("CNCQI", "Chongqing Customs", "CN", "Asia/Shanghai"),
        new("CNNNG", "Nanning Customs", "CN", "Asia/Shanghai"),
        new("CNKMG", "Kunming Customs", "CN", "Asia/Shanghai"),
        new("SGSIN", "Singapore Customs", "SG", "Asia/Singapore"),
        new("LAVTE", "Lao Customs Department", "LA", "Asia/Vientiane"),
    ];

    public static IReadOnlyList<CustomsOffice> Offices { get; } =
    [
        new("CN800001", "Chongqing Guoyuan Port", "CNCQI", "CNCHQ", "Asia/Shanghai", OfficeRoles.Departure | OfficeRoles.Destination | OfficeRoles.Export | OfficeRoles.Import | OfficeRoles.Guarantee),
        new("CN800002", "Chongqing Tuanjie Village Rail Hub", "CNCQI", "CNCQI", "Asia/Shanghai", OfficeRoles.Departure | OfficeRoles.Destination | OfficeRoles.Export | OfficeRoles.Import),
        new("CN800003", "Chongqing Xiaonanya Station", "CNCQI", "CNCQD", "Asia/Shanghai", OfficeRoles.Departure | OfficeRoles.Transit),
        new("CN720001", "Qinzhou Port Customs", "CNNNG", "CNQZH", "Asia/Shanghai", OfficeRoles.Exit | OfficeRoles.Entry | OfficeRoles.Transit | OfficeRoles.Destination),
        new("CN720002", "Pingxiang Customs (rail)", "CNNNG", "CNPIN", "Asia/Shanghai", OfficeRoles.Exit | OfficeRoles.Entry | OfficeRoles.Transit),
        new("CN720003", "Youyiguan Road Port", "CNNNG", "CNYYG", "Asia/Shanghai", OfficeRoles.Exit | OfficeRoles.Entry),
        new("CN860001", "Mohan Customs", "CNKMG", "CNMHN", "Asia/Shanghai", OfficeRoles.Exit | OfficeRoles.Entry | OfficeRoles.Transit),
        new("SG000001", "Singapore Customs Tuas Checkpoint", "SGSIN", "SGTUA", "Asia/Singapore", OfficeRoles.Entry | OfficeRoles.Destination | OfficeRoles.Import),
        new("SG000002", "Singapore Customs Pasir Panjang", "SGSIN", "SGPPT", "Asia/Singapore", OfficeRoles.Entry | OfficeRoles.Exit | OfficeRoles.Destination),
        new("LA000001", "Boten Customs", "LAVTE", "LABTN", "Asia/Vientiane", OfficeRoles.Entry | OfficeRoles.Transit),
        new("LA000002", "Thanaleng Dry Port", "LAVTE", "LATHG", "Asia/Vientiane", OfficeRoles.Destination | OfficeRoles.Import),
    ];

    public static CustomsOffice? FindOffice(string code) => Offices.FirstOrDefault(o => o.Code == code);

    public static CustomsNode? FindNode(string code) => Nodes.FirstOrDefault(n => n.Code == code);
}
