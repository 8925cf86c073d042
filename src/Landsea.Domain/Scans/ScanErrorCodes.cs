namespace Landsea.Scans;

/// <summary>Error codes of the scans capability (LS940–LS979); listed in docs/error-codes.md.</summary>
public static class ScanErrorCodes
{
    /// <summary>A simulate or evaluate option is out of range (count, size, seed).</summary>
    public const string OptionInvalid = "LS940";

    /// <summary>A channel's image cannot be decoded (not a PNG, bad CRC, truncated, bad filter).</summary>
    public const string ImageUndecodable = "LS941";

    /// <summary>A channel is not 16-bit greyscale, or is interlaced.</summary>
    public const string ImageFormat = "LS942";

    /// <summary>The image is smaller or larger than a scan may be, or the two channels differ in size.</summary>
    public const string ImageSize = "LS943";

    /// <summary>The metadata is not JSON of the scan format, or a required field is missing or of the wrong type.</summary>
    public const string MetadataInvalid = "LS944";

    /// <summary>The metadata's container number is not a valid ISO 6346 number.</summary>
    public const string ContainerInvalid = "LS945";

    /// <summary>The metadata's MRN is malformed or names no declaration the node holds.</summary>
    public const string MrnUnknown = "LS946";

    /// <summary>The metadata's office is not a UN/LOCODE the node knows.</summary>
    public const string OfficeUnknown = "LS947";

    /// <summary>An energy level or pixel size is out of range.</summary>
    public const string ValueOutOfRange = "LS948";

    /// <summary>No registered reviewer has the skill for the scan (or all who have it are at their workload cap).</summary>
    public const string NoReviewer = "LS949";

    /// <summary>The named reviewer is not registered with the review centre.</summary>
    public const string ReviewerUnknown = "LS950";

    /// <summary>A second review was given to, or by, the reviewer who gave the first verdict.</summary>
    public const string SameReviewer = "LS951";

    /// <summary>A verdict is not "clear" or "inspect", or its reason or regions are malformed.</summary>
    public const string VerdictInvalid = "LS952";

    /// <summary>The scan's review is decided (or the scan is not in the queue): no further verdict or assignment.</summary>
    public const string ReviewClosed = "LS953";

    /// <summary>A reviewer's skills are not HS chapters (two digits) or "*".</summary>
    public const string SkillsInvalid = "LS954";

    /// <summary>The parts of a scan sent over the exchange disagree (count, hash, index) or one does not read.</summary>
    public const string TransferInconsistent = "LS955";

    /// <summary>A scan's reassembled parts do not have the announced SHA-256, or do not read as a scan bundle.</summary>
    public const string TransferCorrupt = "LS956";
}
