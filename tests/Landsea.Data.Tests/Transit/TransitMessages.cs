using System.Text;
using Landsea.Tests;

namespace Landsea.Data.Tests.Transit;

/// <summary>HMRC's phase-5 samples moved to the Chongqing node (NTA.CN, offices CN800001/CN800002) for store and API tests.</summary>
public static class TransitMessages
{
    public const string Holder = "XI603202734852";
    public const string Grn = "26CN0000000001234";

    private static string Sample(string name) => File.ReadAllText(Repository.Path("vectors", "ncts", "samples-phase5", name));

    /// <summary>An IE015 from Guoyuan Port to Qinzhou with a GRN, access code AB12 and an amount to cover.</summary>
    public static byte[] Declaration(string lrn, string messageId, decimal amount = 10_000m) => Encoding.UTF8.GetBytes(Sample("cc015c-valid.xml")
        .Replace("NTA.GB", "NTA.CN", StringComparison.Ordinal)
        .Replace("GB3KMA8M", "CN800001", StringComparison.Ordinal)
        .Replace("BN3KMA8M", "CN720001", StringComparison.Ordinal)
        .Replace("<LRN>DHbrfgDQJRm</LRN>", $"<LRN>{lrn}</LRN>", StringComparison.Ordinal)
        .Replace("<messageIdentification>wrxe</messageIdentification>", $"<messageIdentification>{messageId}</messageIdentification>", StringComparison.Ordinal)
        .Replace("<identificationNumber>ezv3Z</identificationNumber>", $"<identificationNumber>{Holder}</identificationNumber>", StringComparison.Ordinal)
        .Replace("<guaranteeType>P</guaranteeType>", "<guaranteeType>0</guaranteeType>", StringComparison.Ordinal)
        .Replace("<otherGuaranteeReference>iNkM2E</otherGuaranteeReference>",
            $"<GuaranteeReference><sequenceNumber>1</sequenceNumber><GRN>{Grn}</GRN><accessCode>AB12</accessCode><amountToBeCovered>{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}</amountToBeCovered><currency>CNY</currency></GuaranteeReference>",
            StringComparison.Ordinal));

    /// <summary>The arrival notification at Tuanjie Village (CN800002), an office of destination of the same node.</summary>
    public static byte[] Arrival(string mrn, string messageId) => Encoding.UTF8.GetBytes(Sample("cc007c-valid.xml")
        .Replace("NTA.GB", "NTA.CN", StringComparison.Ordinal)
        .Replace("27WF9X1FQ9RCKN0TM3", mrn, StringComparison.Ordinal)
        .Replace("GB123456", "CN800002", StringComparison.Ordinal)
        .Replace("<messageIdentification>token</messageIdentification>", $"<messageIdentification>{messageId}</messageIdentification>", StringComparison.Ordinal));

    /// <summary>Unloading remarks at Tuanjie Village (an office of destination of the same node), conform or not.</summary>
    public static byte[] UnloadingRemarks(string mrn, string messageId, bool conform) => Encoding.UTF8.GetBytes(Sample("cc044c-valid.xml")
        .Replace("<messageRecipient>token</messageRecipient>", "<messageRecipient>NTA.CN</messageRecipient>", StringComparison.Ordinal)
        .Replace("27WF9X1FQ9RCKN0TM3", mrn, StringComparison.Ordinal)
        .Replace("GB123456", "CN800002", StringComparison.Ordinal)
        .Replace("<messageIdentification>token</messageIdentification>", $"<messageIdentification>{messageId}</messageIdentification>", StringComparison.Ordinal)
        .Replace("<conform>0</conform>", conform ? "<conform>1</conform>" : "<conform>0</conform>", StringComparison.Ordinal));

    /// <summary>The same declaration pre-lodged (additional declaration type D): MRN now, guarantee and release at presentation.</summary>
    public static byte[] PreLodged(string lrn, string messageId) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Declaration(lrn, messageId))
        .Replace("<additionalDeclarationType>h</additionalDeclarationType>", "<additionalDeclarationType>D</additionalDeclarationType>", StringComparison.Ordinal));

    /// <summary>The presentation notification (IE170) of a pre-lodged declaration, by the holder's LRN, at Guoyuan Port.</summary>
    public static byte[] Presentation(string lrn, string messageId) => Encoding.UTF8.GetBytes(Sample("cc170c-valid.xml")
        .Replace("<messageRecipient>token</messageRecipient>", "<messageRecipient>NTA.CN</messageRecipient>", StringComparison.Ordinal)
        .Replace("<LRN>string</LRN>", $"<LRN>{lrn}</LRN>", StringComparison.Ordinal)
        .Replace("GB123456", "CN800001", StringComparison.Ordinal)
        .Replace("<messageIdentification>token</messageIdentification>", $"<messageIdentification>{messageId}</messageIdentification>", StringComparison.Ordinal)
        .Replace("<HolderOfTheTransitProcedure>\n    </HolderOfTheTransitProcedure>", $"<HolderOfTheTransitProcedure><identificationNumber>{Holder}</identificationNumber></HolderOfTheTransitProcedure>", StringComparison.Ordinal));

    /// <summary>An invalidation request for a movement by MRN.</summary>
    public static byte[] Invalidation(string mrn, string messageId) => Encoding.UTF8.GetBytes(Sample("cc014c-valid.xml")
        .Replace("<messageRecipient>token</messageRecipient>", "<messageRecipient>NTA.CN</messageRecipient>", StringComparison.Ordinal)
        .Replace("<TransitOperation>\n    </TransitOperation>", $"<TransitOperation><MRN>{mrn}</MRN></TransitOperation>", StringComparison.Ordinal)
        .Replace("GB123456", "CN800001", StringComparison.Ordinal)
        .Replace("<messageIdentification>token</messageIdentification>", $"<messageIdentification>{messageId}</messageIdentification>", StringComparison.Ordinal)
        .Replace("<initiatedByCustoms>1</initiatedByCustoms>", "<initiatedByCustoms>0</initiatedByCustoms><justification>wrong goods</justification>", StringComparison.Ordinal)
        .Replace("<HolderOfTheTransitProcedure>\n    </HolderOfTheTransitProcedure>", $"<HolderOfTheTransitProcedure><identificationNumber>{Holder}</identificationNumber></HolderOfTheTransitProcedure>", StringComparison.Ordinal));
}
