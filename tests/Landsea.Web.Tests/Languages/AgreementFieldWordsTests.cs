using System.Globalization;
using Landsea.Web.Features.Exchange;

namespace Landsea.Web.Tests.Languages;

/// <summary>Issue 15 item 6: agreements show the fields that leave the node by name, in the page's language, not as JSON paths.</summary>
public class AgreementFieldWordsTests
{
    [Theory]
    [InlineData("en", "/items/*/commodityCode", "commodity code of each goods item")]
    [InlineData("en", "/exporter/name", "exporter: name")]
    [InlineData("en", "/mrn", "MRN")]
    [InlineData("en", "/containers", "container numbers")]
    [InlineData("en", "/someNewField", "some new field")]
    [InlineData("zh-Hans", "/items/*/commodityCode", "每个商品项的商品编码")]
    [InlineData("zh-Hans", "/exporter/name", "出口商的名称")]
    public void Field_InWords_WithItsPathInTheTitle(string language, string path, string words)
    {
        CultureInfo before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            Assert.Equal($"<span class=\"field\" title=\"{path}\">{words}</span>", ExchangePages.FieldInWords(path));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
