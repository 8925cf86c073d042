using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Landsea.Web.Infrastructure;
using Landsea.Web.Tests.Accessibility;
using Microsoft.AspNetCore.Http;

namespace Landsea.Web.Tests.Languages;

/// <summary>
/// Issue 15 item 10: pages in English and Simplified Chinese, from Resources/Pages.{en,zh-Hans}.json (ADR 0407). Every
/// page every role opens, in both languages, shows no missing-key marker; the two files hold the same keys and placeholders;
/// every key the code names is in them; the language follows the <c>lang</c> cookie, then Accept-Language, then English.
/// </summary>
public partial class PageLanguagesTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly string[] Users = ["officer.cq", "trader.a", "auditor", "admin"];

    [Fact]
    public void ResourceFiles_HaveTheSameKeys_AndTheSamePlaceholders()
    {
        IReadOnlyDictionary<string, string> en = Texts.Of(Texts.English);
        IReadOnlyDictionary<string, string> zh = Texts.Of(Texts.Chinese);
        Assert.Empty(en.Keys.Except(zh.Keys));
        Assert.Empty(zh.Keys.Except(en.Keys));
        var differing = en.Keys.Where(k => !Placeholders(en[k]).SetEquals(Placeholders(zh[k])) || string.IsNullOrWhiteSpace(zh[k])).ToList();
        Assert.True(differing.Count == 0, "placeholders differ or text is empty: " + string.Join(", ", differing));
    }

    [Fact]
    public void EveryKeyTheCodeNames_IsInTheFiles()
    {
        string web = Landsea.Tests.Repository.Path("src", "Landsea.Web");
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(web, "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match m in KeyInCode().Matches(File.ReadAllText(file)))
            {
                string key = m.Groups["key"].Value;
                if (!Texts.Of(Texts.English).ContainsKey(key))
                {
                    missing.Add($"{key} ({Path.GetFileName(file)})");
                }
            }
        }

        Assert.True(missing.Count == 0, "keys named in code but missing from Pages.en.json: " + string.Join(", ", missing));
    }

    [Fact]
    public void ErrorCodeMeanings_InEnglish_AreTheDomainsOwn_AndEveryCodeHasOne()
    {
        IReadOnlyDictionary<string, string> en = Texts.Of(Texts.English);
        foreach ((string code, _, string meaning) in Landsea.Declarations.ErrorCodes.All)
        {
            Assert.True(en.TryGetValue("code." + code, out string? text), $"code.{code} is not in the page texts");
            Assert.Equal(meaning, text);
        }
    }

    [Fact]
    public void MissingKey_ShowsAMarker()
    {
        Assert.Equal("⟦missing:no.such.key⟧", Texts.Get(Texts.Chinese, "no.such.key"));
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans")]
    [InlineData("zh", "zh-Hans")]
    [InlineData("zh-Hans", "zh-Hans")]
    [InlineData("zh-Hans-SG", "zh-Hans")]
    [InlineData("zh-SG", "zh-Hans")]
    [InlineData("en-SG,zh-CN;q=0.5", "en")]
    [InlineData("th-TH,zh-CN;q=0.7", "zh-Hans")] // Thai is not offered: the next choice the pages speak
    [InlineData("vi,fr;q=0.5", "en")]
    [InlineData("zh-TW", "en")]
    [InlineData("en;q=0.4,zh-CN;q=0.8", "zh-Hans")] // by weight, not by order
    [InlineData("zh-CN;q=0", "en")] // q=0: not acceptable
    public void AcceptLanguage_ChoosesTheLanguage(string? header, string expected)
    {
        var ctx = new DefaultHttpContext();
        if (header is not null)
        {
            ctx.Request.Headers.AcceptLanguage = header;
        }

        Assert.Equal(expected, Landsea.Web.Infrastructure.Languages.Choose(ctx.Request).Tag);
    }

    [Fact]
    public void Cookie_WinsOverAcceptLanguage_AnUnknownCookieIsIgnored()
    {
        var chosen = new DefaultHttpContext();
        chosen.Request.Headers.AcceptLanguage = "zh-CN";
        chosen.Request.Headers.Cookie = "lang=en";
        Assert.Equal("en", Landsea.Web.Infrastructure.Languages.Choose(chosen.Request).Tag);

        var unknown = new DefaultHttpContext();
        unknown.Request.Headers.AcceptLanguage = "zh-CN";
        unknown.Request.Headers.Cookie = "lang=xx";
        Assert.Equal("zh-Hans", Landsea.Web.Infrastructure.Languages.Choose(unknown.Request).Tag);
    }

    [Fact]
    public async Task Switch_SetsTheCookie_AndGoesBackToTheSamePageOnly()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = node.BaseAddress };
        HttpResponseMessage zh = await http.GetAsync("/language/zh-Hans?returnUrl=%2Fdeclarations%3Fstatus%3DReleased");
        Assert.Equal(HttpStatusCode.Redirect, zh.StatusCode);
        Assert.Equal("/declarations?status=Released", zh.Headers.Location!.OriginalString);
        Assert.Contains(zh.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lang=zh-Hans;", StringComparison.Ordinal) && c.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));

        HttpResponseMessage foreign = await http.GetAsync("/language/en?returnUrl=%2F%2Fevil.example%2F");
        Assert.Equal("/", foreign.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/language/fr")).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Add("Cookie", "lang=zh-Hans");
        string page = await (await http.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-Hans\">", page, StringComparison.Ordinal);
        Assert.Contains("<title>登录 · Landsea</title>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPage_InBothLanguages_ShowsNoMissingKey_AndIsInItsLanguage()
    {
        string mrn = await LodgeAsync();
        var problems = new List<string>();
        foreach (string user in Users)
        {
            foreach ((string acceptLanguage, Language language) in new[] { ("", Texts.English), ("zh-CN,zh;q=0.9", Texts.Chinese) })
            {
                using HttpClient http = node.Client(user);
                if (acceptLanguage.Length > 0)
                {
                    http.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
                }

                foreach (string path in PagesAccessibilityTests.PagesFor(user).Select(p => p.Replace("{mrn}", mrn, StringComparison.Ordinal)).Prepend("/login").Append("/declarations/NO-SUCH-MRN"))
                {
                    HttpResponseMessage response = await http.GetAsync(path);
                    string page = await response.Content.ReadAsStringAsync();
                    string where = $"{user} {language.Tag} {path}";
                    if ((int)response.StatusCode >= 400 && !path.Contains("NO-SUCH", StringComparison.Ordinal))
                    {
                        problems.Add($"{where}: HTTP {(int)response.StatusCode}");
                    }

                    foreach (Match m in Marker().Matches(page))
                    {
                        problems.Add($"{where}: {m.Value}");
                    }

                    if (!page.Contains($"<html lang=\"{language.Tag}\">", StringComparison.Ordinal))
                    {
                        problems.Add($"{where}: not <html lang=\"{language.Tag}\">");
                    }

                    string header = Header().Match(page).Value;
                    string[] expected = path == "/login"
                        ? [Texts.Get(language, "layout.signIn")]
                        : [Texts.Get(language, "menu.declarations"), Texts.Get(language, "layout.signOut")];
                    problems.AddRange(expected.Where(e => !header.Contains(e, StringComparison.Ordinal)).Select(e => $"{where}: the header lacks '{e}'"));
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task ChinesePage_ShowsChineseLabels_DatesInChinese_TimesWithTheOfficesOffset()
    {
        string mrn = await LodgeAsync();
        using HttpClient http = node.Client("officer.cq");
        http.DefaultRequestHeaders.Add("Accept-Language", "zh-CN");
        string list = await http.GetStringAsync("/declarations");
        string show = await http.GetStringAsync($"/declarations/{mrn}");

        Assert.Contains("报关单：待办队列", list, StringComparison.Ordinal);
        Assert.Contains(">退出登录</button>", list, StringComparison.Ordinal);
        int row = list.IndexOf($">{mrn}</a>", StringComparison.Ordinal);
        Assert.True(row > 0, "the list does not show " + mrn);
        string cells = list[row..list.IndexOf("</tr>", row, StringComparison.Ordinal)];
        Assert.True(Regex.IsMatch(cells, @"<td>20\d\d年\d{1,2}月\d{1,2}日 \d\d:\d\d \(UTC\+08:00\)</td>$"), cells); // lodged at CN800001, UTC+8
        Assert.Contains("<td>1,234.50 CNY</td>", cells, StringComparison.Ordinal);
        Assert.Contains("商品项", show, StringComparison.Ordinal);
        Assert.Contains("状态历史", show, StringComparison.Ordinal);
        Assert.DoesNotContain("Goods items", show, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPage_ForABrowser_IsThe404PageInItsLanguage_ForAnApiClientProblemDetails()
    {
        using HttpClient browser = node.Client("officer.cq");
        browser.DefaultRequestHeaders.Add("Accept", "text/html,application/xhtml+xml");
        browser.DefaultRequestHeaders.Add("Accept-Language", "zh-CN");
        HttpResponseMessage page = await browser.GetAsync("/no-such-page");
        string html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("<html lang=\"zh-Hans\">", html, StringComparison.Ordinal);
        Assert.Contains("本节点没有页面 /no-such-page。", html, StringComparison.Ordinal);

        HttpResponseMessage api = await node.Client("officer.cq").GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("<html", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> LodgeAsync()
    {
        string json = """
            {"functionalReference": "LANG-1", "typeCode": "EXA", "functionCode": "9",
             "declarant": {"id": "91350100M000100Y43", "name": "Trader"}, "exporter": {"id": "91350100M000100Y43", "country": "CN"},
             "officeCode": "CN800001", "exportCountry": "CN", "destinationCountry": "SG", "transportMode": "2",
             "invoice": {"amount": 1234.5, "currency": "CNY"},
             "items": [{"sequence": 1, "commodityCode": "847130", "description": "Laptops", "originCountry": "CN",
                        "amount": {"amount": 1234.5, "currency": "CNY"}, "grossMassKg": 12, "netMassKg": 10}]}
            """;
        HttpResponseMessage response = await node.Client("trader.a").PostAsync("/api/declarations", new StringContent(json, Encoding.UTF8, "application/json"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mrn").GetString()!;
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"⟦missing:[^⟧]*⟧")]
    private static partial Regex Marker();

    [GeneratedRegex("<header>.*?</header>", RegexOptions.Singleline)]
    private static partial Regex Header();

    [GeneratedRegex(@"(?:\bT|Texts\.Get|Texts\.Format)\(""(?<key>[A-Za-z0-9.]+)""\s*[,)]")]
    private static partial Regex KeyInCode();
}
