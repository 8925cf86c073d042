using System.Text;

namespace Landsea.Edifact.Tests;

internal static class TestData
{
    public static byte[] Bytes(string edifact) => Encoding.Latin1.GetBytes(edifact);

    /// <summary>A small valid CUSRES D96B interchange (syntax 3, UNOC).</summary>
    public const string Cusres =
        "UNA:+.? '" +
        "UNB+UNOC:3+LANDSEA:ZZZ+BROKER:ZZZ+250131:1200+IC1'" +
        "UNH+M1+CUSRES:D:96B:UN'" +
        "BGM+962+DOC?+1+9'" +
        "DTM+137:20250131:102'" +
        "UNT+4+M1'" +
        "UNZ+1+IC1'";
}
