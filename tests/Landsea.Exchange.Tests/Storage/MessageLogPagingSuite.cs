using System.Data.Common;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Tests.Infrastructure;

namespace Landsea.Exchange.Tests.Storage;

/// <summary>Issue 15 item 6: the message log pages, newest first, each line on exactly one page.</summary>
public abstract class MessageLogPagingSuite<TDatabases>
    where TDatabases : IDatabasePair
{
    protected MessageLogPagingSuite(TDatabases databases)
    {
        Databases = databases;
    }

    protected TDatabases Databases { get; }

    [StoreFact]
    public async Task Pages_newest_first_cover_every_line_once()
    {
        using NodePair pair = await NodePair.CreateAsync(Databases);
        for (int i = 0; i < 5; i++)
        {
            await pair.SendAsync(NodePair.ControlResult, $"26CNCQI000000000{i}", "{}");
            pair.Time.Advance(TimeSpan.FromSeconds(1));
        }

        await using DbConnection c = await pair.A.Database.OpenAsync(default);
        var pages = new List<List<MessageEntry>>();
        for (int skip = 0; skip < 6; skip += 2)
        {
            pages.Add(await MessageLog.SearchAsync(c, new MessageFilter(Limit: 2, Skip: skip), default));
        }

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(i => $"26CNCQI000000000{i}"), pages.SelectMany(p => p).Select(m => m.Conversation));
    }
}

public sealed class SqliteMessageLogPagingTests(SqliteDatabases databases) : MessageLogPagingSuite<SqliteDatabases>(databases), IClassFixture<SqliteDatabases>;

[RequiresPostgres]
public sealed class PostgresMessageLogPagingTests(PostgresDatabases databases) : MessageLogPagingSuite<PostgresDatabases>(databases), IClassFixture<PostgresDatabases>;
