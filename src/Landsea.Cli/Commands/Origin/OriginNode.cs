using System.CommandLine;
using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Landsea.Data;
using Landsea.Data.Origin;
using Landsea.Data.Sharing;
using Landsea.Exchange;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Origin;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landsea.Cli.Commands.Origin;

/// <summary>
/// The node a certificate command works on: its database (<c>--db</c>) and its identity (<c>--dir</c>, default beside the
/// SQLite file), as <c>landsea partner</c> opens them. Issuing and revoking sign with the node's key and queue envelopes in
/// the node's outbox, which the running node (or its next start) delivers.
/// </summary>
internal sealed class OriginNode : IAsyncDisposable
{
    private OriginNode(NodeDatabase database, DbConnection connection, NodeIdentity? identity)
    {
        Database = database;
        Connection = connection;
        Identity = identity;
    }

    public NodeDatabase Database { get; }

    public DbConnection Connection { get; }

    /// <summary>The node identity; null only when opened with <c>identityRequired: false</c> and none exists.</summary>
    public NodeIdentity? Identity { get; }

    public static Option<string?> DirOption() => new("--dir") { Description = "The node's folder (identity in DIR/node). Default: beside the SQLite file." };

    /// <summary>Opens (and migrates) the database and loads the identity; a missing identity is an environment error when required.</summary>
    public static async Task<OriginNode> OpenAsync(string db, string? dir, bool identityRequired, CancellationToken ct)
    {
        if (DatabaseOption.Folder(db) is { } folder)
        {
            throw new CliEnvironmentException(folder);
        }

        NodeDatabase database = NodeDatabase.FromArgument(db);
        string identityDir = IdentityDirectory.For(dir, database.Provider == SqlDialect.Sqlite ? database.Display : null);
        NodeIdentity? identity = null;
        if (File.Exists(Path.Combine(identityDir, NodeIdentity.DescriptorFileName)))
        {
            identity = NodeIdentity.Load(identityDir);
        }
        else if (identityRequired)
        {
            throw new CliEnvironmentException($"error: no node identity in {identityDir}: start the node once (`landsea serve --db {db}`) or give --dir");
        }

        await database.MigrateAsync(ct);
        return new OriginNode(database, await database.OpenAsync(ct), identity);
    }

    /// <summary>The issuer for the domain: node code, its office, certificate and key.</summary>
    public OriginIssuer Issuer(string? office) => new(Identity!.Code, office, Identity.Certificate.RawData, Identity.SignEs256);

    /// <summary>The use case with sharing through this node's outbox.</summary>
    public CertificateIssuing Issuing()
    {
        var audit = new AuditTrail(Identity!, TimeProvider.System);
        var outbox = new SharingOutbox(new ExchangeOutbox(Identity!, audit, TimeProvider.System), TimeProvider.System, NullLoggerFactory.Instance, new CliMeters());
        return new CertificateIssuing(new ShareOriginCertificates(outbox));
    }

    /// <summary>The node's own certificate and its partners' pinned ones.</summary>
    public async Task<OriginTrust> TrustAsync(CancellationToken ct)
    {
        var certificates = new List<byte[]>();
        if (Identity is not null)
        {
            certificates.Add(Identity.Certificate.RawData);
        }

        certificates.AddRange((await PartnerRegistry.ListAsync(Connection, ct)).Select(p => p.Certificate.RawData));
        return OriginTrust.Of(certificates, $"the node database {Database.Display}");
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        Identity?.Dispose();
    }

    /// <summary>Runs <paramref name="action"/>, mapping environment faults (database, identity, files) to exit 2 with the message.</summary>
    public static async Task<int> RunAsync(ParseResult r, Func<TextWriter, TextWriter, Task<int>> action)
    {
        TextWriter error = r.InvocationConfiguration.Error;
        try
        {
            return await action(r.InvocationConfiguration.Output, error);
        }
        catch (CliEnvironmentException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbException or CryptographicException or InvalidDataException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Usage;
        }
    }

    /// <summary>Meters for a command's short life (nothing exports them).</summary>
    private sealed class CliMeters : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (Meter m in _meters)
            {
                m.Dispose();
            }
        }
    }
}
