using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Landsea.Declarations;
using Microsoft.AspNetCore.Builder;

namespace Landsea.Web.Tests.Security;

/// <summary>
/// Issue 16 item 5: every reader's error list is capped with a count of the rest, readers stop at their bounds with a
/// clear code, and while one client sends the worst inputs another lodges and reads normally.
/// </summary>
public sealed class BoundedWorkTests : IAsyncLifetime
{
    private const int Size = (5 * 1024 * 1024) - 64;
    private static readonly DateOnly s_today = new(2026, 12, 2);
    private WebApplication _app = null!;

    public async Task InitializeAsync() => _app = await SecurityNode.StartAsync("bounded");

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A CUSDEC with <paramref name="count"/> faulty segments (a tag that is not three upper-case letters): an error each.</summary>
    private static byte[] MisplacedSegments(int count)
    {
        var b = new StringBuilder("UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER+261202:1200+1'UNH+1+CUSDEC:D:96B:UN'BGM+929+HOSTILE+9'");
        for (int i = 0; i < count; i++)
        {
            b.Append("ftx+AAA'");
        }

        return Encoding.ASCII.GetBytes(b.Append("UNT+").Append(count + 3).Append("+1'UNZ+1+1'").ToString());
    }

    private static byte[] DeepXml() => Encoding.UTF8.GetBytes(new StringBuilder().Insert(0, "<a>", Size / 7).Insert(Size / 7 * 3, "</a>", Size / 7).ToString());

    private static byte[] ManyAttributes()
    {
        var b = new StringBuilder("<md:MetaData xmlns:md=\"urn:wco:datamodel:WCO:DocumentMetaData-DMS:2\"");
        for (int i = 0; b.Length < Size - 40; i++)
        {
            b.Append(" a").Append(i).Append("=\"1\"");
        }

        return Encoding.UTF8.GetBytes(b.Append("/>").ToString());
    }

    private static byte[] LongText() => Encoding.UTF8.GetBytes("<md:MetaData xmlns:md=\"urn:wco:datamodel:WCO:DocumentMetaData-DMS:2\"><x>" + new string('X', Size - 120) + "</x></md:MetaData>");

    [Fact]
    public void Edifact_AThousandMisplacedSegments_HundredListedAndTheRestCounted()
    {
        DeclarationCheck check = SubmissionReader.Read(MisplacedSegments(1000), s_today).Check;

        Assert.InRange(check.Errors.Count, 2, Landsea.Shared.ErrorCap.MaxListed + 2);
        DeclarationError more = Assert.Single(check.Errors, e => e.Code == "LS802");
        Assert.Matches("and [0-9,]+ more issues not listed", more.Reason);
        Assert.True(check.Errors.Count(e => e.Code != "LS802") <= Landsea.Shared.ErrorCap.MaxListed);
    }

    [Fact]
    public void Edifact_MoreSegmentsThanTheLimit_RefusedLS805()
    {
        DeclarationCheck check = SubmissionReader.Read(MisplacedSegments(300_000), s_today).Check;

        Assert.Contains(check.Errors, e => e.Code == "LS805");
        Assert.Null(check.Declaration);
    }

    [Fact]
    public void Json_DeepNesting_LS803_LongString_LS804()
    {
        string deep = "{\"functionalReference\":" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 101);
        string longString = "{\"functionalReference\":\"" + new string('X', 70_000) + "\",\"typeCode\":\"EXA\"}";

        Assert.Equal("LS803", Assert.Single(SubmissionReader.Read(Encoding.UTF8.GetBytes(deep), s_today).Check.Errors).Code);
        DeclarationError tooLong = Assert.Single(SubmissionReader.Read(Encoding.UTF8.GetBytes(longString), s_today).Check.Errors);
        Assert.Equal(("LS804", "/functionalReference"), (tooLong.Code, tooLong.Pointer));
    }

    [Fact]
    public void ErrorCap_ManyErrors_FirstHundredThenTheCount()
    {
        var errors = Enumerable.Range(0, 1000).Select(i => new DeclarationError($"/items/{i}", "LS040", "bad")).ToList();

        var check = new DeclarationCheck(null, errors);

        Assert.Equal(101, check.Errors.Count);
        Assert.Equal("/items/99", check.Errors[99].Pointer);
        Assert.Equal(("LS802", "and 900 more errors not listed (at most 100 are listed per document)"), (check.Errors[100].Code, check.Errors[100].Reason));
    }

    [Fact]
    public async Task WorstInputs_FromOneClient_AnotherLodgesAndReadsNormally()
    {
        byte[][] worst = [DeepXml(), ManyAttributes(), LongText(), MisplacedSegments((Size - 200) / 8)];
        using HttpClient attacker = SecurityNode.Basic(_app, "trader.a");
        using HttpClient trader = SecurityNode.Basic(_app, "trader.b");
        using var stop = new CancellationTokenSource();
        var statuses = new List<HttpStatusCode>();
        Task flood = Task.Run(async () =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                var content = new ByteArrayContent(worst[i % worst.Length]);
                content.Headers.ContentType = new(i % worst.Length == 3 ? "application/EDIFACT" : "application/xml");
                HttpResponseMessage r = await attacker.PostAsync("/api/declarations", content, CancellationToken.None);
                lock (statuses)
                {
                    statuses.Add(r.StatusCode);
                }
            }
        });

        int SentCount()
        {
            lock (statuses)
            {
                return statuses.Count;
            }
        }

        var slowest = TimeSpan.Zero;
        var bound = Stopwatch.StartNew();
        for (int i = 0; i < 8 || (SentCount() < worst.Length && bound.Elapsed < TimeSpan.FromMinutes(3)); i++)
        {
            var watch = Stopwatch.StartNew();
            HttpResponseMessage lodged = await trader.PostAsync("/api/declarations", new StringContent(
                $$$"""{"functionalReference":"NORMAL-{{{i}}}","typeCode":"EXA","declarant":{"id":"91110000600037341L"},"items":[{"sequence":1,"commodityCode":"847130","amount":{"amount":10,"currency":"CNY"}}]}""",
                Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, lodged.StatusCode);
            string mrn = (await lodged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mrn").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await trader.GetAsync($"/api/declarations/{mrn}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await trader.GetAsync("/api/declarations")).StatusCode);
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
        }

        await stop.CancelAsync();
        await flood;

        Assert.True(slowest < TimeSpan.FromSeconds(10), $"a normal lodge and two reads took {slowest.TotalSeconds:0.0} s while the worst inputs were sent");
        Assert.True(statuses.Count >= worst.Length, $"only {statuses.Count} worst inputs were sent");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.UnprocessableEntity, s));
    }
}
