using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using Landsea.Data.Access;
using Landsea.Data.Statistics;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Offices;
using Landsea.Shared;

namespace Landsea.Data.Declarations;

/// <summary>A submission read and checked by a format reader, ready to be decided and stored.</summary>
/// <param name="Format">The format it was read in; stored under its <see cref="SubmissionFormats.Name"/>.</param>
/// <param name="OfficeCode">The office of this node that receives it.</param>
public sealed record Submission(byte[] Bytes, SubmissionFormat Format, DeclarationCheck Check, AccessScope Scope, string OfficeCode)
{
    /// <summary>SHA-256 of the bytes, hex; computed by the caller's thread before the submission is queued.</summary>
    internal string Sha256 { get; init; } = "";

    /// <summary>The declaration model as stored JSON; computed before queueing, null when nothing was read.</summary>
    internal string? ModelJson { get; init; }
}

/// <summary>
/// Lodges declarations and changes their status. One writer loop groups the commits of concurrent callers into one
/// transaction (group commit): a call returns only after its transaction is durable. The writer decides nothing itself:
/// it reads what <see cref="Lodging"/>'s decisions need, calls them and stores what they decide. Every write takes an
/// <see cref="AccessScope"/>; reads are <see cref="DeclarationQueries"/>.
/// </summary>
public sealed class DeclarationWriter : IAsyncDisposable
{
    /// <summary>Most submissions committed together.</summary>
    public const int MaxBatch = 256;

    private readonly NodeDatabase _db;
    private readonly TimeProvider _time;
    private readonly CustomsNode _node;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDeclarationObserver> _observers;

    private readonly IControlStateSource? _controls;

    /// <param name="controls">What risk asks for before release; null when risk is not part of the node (nothing holds goods).</param>
    public DeclarationWriter(NodeDatabase db, TimeProvider time, CustomsNode node, IEnumerable<IDeclarationObserver>? observers = null, IControlStateSource? controls = null)
    {
        _db = db;
        _time = time;
        _node = node;
        _controls = controls;
        _observers = observers?.ToList() ?? [];
        _writer = Task.Run(WriteLoopAsync);
    }

    public CustomsNode Node => _node;

    private long _batched;
    private long _oneByOne;
    private long _batchFailures;
    private long _raceRetries;

    /// <summary>Batches decided again after another instance stored the same declarant and reference first.</summary>
    public long RaceRetries => Interlocked.Read(ref _raceRetries);

    /// <summary>
    /// How submissions were written since start: together in multi-row statements, one by one, and how many
    /// batches failed and were retried one by one (which should stay zero).
    /// </summary>
    public (long Batched, long OneByOne, long BatchFailures) WriteStatistics =>
        (Interlocked.Read(ref _batched), Interlocked.Read(ref _oneByOne), Interlocked.Read(ref _batchFailures));

    /// <summary>Decides and stores one submission: accepted (with an MRN), rejected (with its errors) or a conflict.</summary>
    public Task<LodgeAnswer> LodgeAsync(Submission submission, CancellationToken ct = default)
    {
        // Hashing and serialising happen here, in parallel across callers, not in the single writer.
        submission = submission with
        {
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(submission.Bytes)),
            ModelJson = submission.Check.Declaration is { } d ? JsonSerializer.Serialize(d, StoreJson.Options) : null,
        };
        var work = new Pending(submission, new TaskCompletionSource<LodgeAnswer>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(work))
        {
            throw new InvalidOperationException("The declaration store is shut down.");
        }

        return work.Done.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Records an officer's decision (control, documents, release, clearance, invalidation) with who, when and where.
    /// A release of goods that the risk channel holds is refused (<see cref="Release.Decide"/>) unless
    /// <paramref name="overrideHold"/> asks for an override, whose reason is <paramref name="note"/>.
    /// </summary>
    public async Task<Result<DeclarationDetail>> ChangeStatusAsync(AccessScope scope, string mrn, DeclarationEvent e, string? note, bool overrideHold = false, CancellationToken ct = default)
    {
        if (!scope.CanAct)
        {
            return Result<DeclarationDetail>.Fail(AccessErrorCodes.Forbidden, $"User '{scope.User}' ({scope.Role}) may not change a declaration's status; only an officer of an office can.");
        }

        if (Lodging.OfficerMayRecord(e).Failure is { } notOfficers)
        {
            return notOfficers;
        }

        await using DbConnection c = await _db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, _time, ct);
        DeclarationDetail? detail = await DeclarationQueries.GetAsync(c, work.Transaction, scope, mrn);
        if (detail is null)
        {
            return Result<DeclarationDetail>.Fail(ErrorCodes.UnknownDeclaration, $"No declaration with MRN '{mrn}' is visible to '{scope.User}'.");
        }

        Result<DeclarationStatus> decided = Lodging.ApplyOfficerAction(mrn, detail.Summary.Status, e);
        if (decided.Failure is { } refused)
        {
            return refused;
        }

        DeclarationStatus next = decided.Value;
        if (e == DeclarationEvent.Released && _controls is not null)
        {
            ControlState state = await _controls.StateAsync(work, mrn, ct);
            HoldOverride? hold = overrideHold ? new HoldOverride(scope.User, scope.OfficeCode!, note ?? "") : null;
            Result<string?> release = Release.Decide(mrn, detail.Summary.OfficeCode, state, hold);
            if (release.Failure is { } held)
            {
                return held;
            }

            note = release.Value ?? note;
        }

        string at = Iso(_time.GetUtcNow());
        long id = await c.ExecuteScalarAsync<long>("SELECT id FROM declarations WHERE mrn = @mrn", new { mrn }, work.Transaction);
        await c.ExecuteAsync("UPDATE declarations SET status = @status, updated_at = @at WHERE id = @id", new { status = next.ToString(), at, id }, work.Transaction);
        await AddEventAsync(work, id, e, next, at, scope.OfficeCode!, scope.User, note, null);
        await TradeLineStore.WriteAsync(work, _node, [new(id, mrn, detail.Declaration, detail.Summary.DeclarantId, detail.Summary.OfficeCode, detail.Summary.LodgedAt, next)]);
        await NotifyAsync(work, mrn, ct);
        await work.CommitAsync(ct);
        return (await DeclarationQueries.GetAsync(c, null, scope, mrn))!;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync();
        }

        _stop.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        DbConnection? connection = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stop.Token))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out Pending? w))
                {
                    batch.Add(w);
                }

                connection ??= await _db.OpenAsync(_stop.Token);
                try
                {
                    await CommitOrRetryAsync(connection, batch);
                }
                catch (Exception ex) when (batch.Count > 1 && ex is DbException or InvalidOperationException)
                {
                    Interlocked.Increment(ref _batchFailures);
                    // One bad submission must not sink the others: retry each alone.
                    foreach (Pending w in batch)
                    {
                        try
                        {
                            await CommitOrRetryAsync(connection, [w]);
                        }
                        catch (Exception single)
                        {
                            w.Done.TrySetException(single);
                        }
                    }
                }
                catch (Exception ex)
                {
                    foreach (Pending w in batch)
                    {
                        w.Done.TrySetException(ex);
                    }

                    await connection.DisposeAsync();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            while (_queue.Reader.TryRead(out Pending? left))
            {
                left.Done.TrySetException(new InvalidOperationException("The declaration store shut down before this submission was stored."));
            }
        }
    }

    /// <summary>
    /// Commits; when another instance over the same database stored the same declarant and reference at the same
    /// moment (a unique-key violation), decides once more, now seeing that row: a duplicate or a conflict, not an error.
    /// </summary>
    private async Task CommitOrRetryAsync(DbConnection c, List<Pending> batch)
    {
        try
        {
            await CommitAsync(c, batch);
        }
        catch (DbException ex) when (ex is Npgsql.PostgresException { SqlState: "23505" } or Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 })
        {
            Interlocked.Increment(ref _raceRetries);
            await CommitAsync(c, batch);
        }
    }

    private async Task CommitAsync(DbConnection c, List<Pending> batch)
    {
        var answers = new LodgeAnswer[batch.Count];
        await using (UnitOfWork work = await UnitOfWork.BeginAsync(c, _time, CancellationToken.None))
        {
            List<int> fast = await FastPathAsync(work, batch);
            if (fast.Count > 0)
            {
                LodgeAnswer[] accepted = await AcceptOriginalsAsync(work, fast.Select(i => batch[i].Submission).ToList());
                Interlocked.Add(ref _batched, fast.Count);
                for (int j = 0; j < fast.Count; j++)
                {
                    answers[fast[j]] = accepted[j];
                }
            }

            var done = fast.ToHashSet();
            for (int i = 0; i < batch.Count; i++)
            {
                if (!done.Contains(i))
                {
                    Interlocked.Increment(ref _oneByOne);
                    answers[i] = await ApplyAsync(work, batch[i].Submission);
                }
            }

            await work.CommitAsync(CancellationToken.None);
        }

        for (int i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(answers[i]);
        }
    }

    /// <summary>
    /// The submissions of a batch that are plainly new, valid originals: no errors, naming the trader who lodges them,
    /// a declarant and reference not seen before (in the database or earlier in the batch). They are stored together
    /// with a few multi-row statements; every other submission takes the one-by-one path.
    /// </summary>
    private static async Task<List<int>> FastPathAsync(UnitOfWork work, List<Pending> batch)
    {
        var candidates = new List<(int Index, string Declarant, string Reference)>();
        for (int i = 0; i < batch.Count; i++)
        {
            Submission s = batch[i].Submission;
            Declaration? d = s.Check.Declaration;
            if (Lodging.IsPlainOriginal(s.Check, NamedTrader(s.Scope)))
            {
                candidates.Add((i, Lodging.DeclarantKey(s.Check, null)!, d!.FunctionalReference));
            }
        }

        if (candidates.Count < 2)
        {
            return [];
        }

        var declarants = candidates.Select(x => x.Declarant).Distinct(StringComparer.Ordinal).ToList();
        var references = candidates.Select(x => x.Reference).Distinct(StringComparer.Ordinal).ToList();
        var known = new HashSet<(string, string)>();
        foreach (var chunk in references.Chunk(500))
        {
            // Dapper expands IN @list for SQLite; Npgsql takes the list as one array parameter.
            string sql = work.Dialect == SqlDialect.Postgres
                ? "SELECT declarant_id, functional_reference FROM submissions WHERE declarant_id = ANY(@declarants) AND functional_reference = ANY(@chunk)"
                : "SELECT declarant_id, functional_reference FROM submissions WHERE declarant_id IN @declarants AND functional_reference IN @chunk";
            var rows = await work.Connection.QueryAsync<(string declarant_id, string functional_reference)>(sql, new { declarants, chunk }, work.Transaction);
            known.UnionWith(rows.Select(r => (r.declarant_id, r.functional_reference)));
        }

        var fast = new List<int>();
        foreach (var (index, declarant, reference) in candidates)
        {
            if (known.Add((declarant, reference)))
            {
                fast.Add(index);
            }
        }

        return fast;
    }

    /// <summary>Stores new valid originals together: ids and MRN serials reserved once, then multi-row inserts.</summary>
    private async Task<LodgeAnswer[]> AcceptOriginalsAsync(UnitOfWork work, List<Submission> items)
    {
        DateTimeOffset now = _time.GetUtcNow();
        string at = Iso(now);
        int k = items.Count;

        // MRN serials first: this write also takes SQLite's write lock before ids are read.
        var mrns = new string[k];
        foreach (var group in items.Select((s, i) => (s, i)).GroupBy(x => Lodging.SeriesFor(_node, Corridor.FindOffice(x.s.OfficeCode), now)))
        {
            int count = group.Count();
            long first = await work.Connection.ExecuteScalarAsync<long>(
                "INSERT INTO mrn_counters (prefix, next_serial) VALUES (@prefix, @next) ON CONFLICT (prefix) DO UPDATE SET next_serial = mrn_counters.next_serial + @count RETURNING next_serial - @count",
                new { prefix = group.Key.Key, next = count + 1, count }, work.Transaction);
            foreach (var (x, j) in group.Select((x, j) => (x, j)))
            {
                mrns[x.i] = group.Key.MrnFor(x.s.Check.Declaration!.Direction, first + j).Value;
            }
        }

        long[] submissionIds = await ReserveIdsAsync(work, "submissions", k);
        long[] declarationIds = await ReserveIdsAsync(work, "declarations", k);
        await OrderEventsAsync(work);
        long[] eventIds = await ReserveIdsAsync(work, "declaration_events", 2 * k);
        var answers = new LodgeAnswer[k];
        var submissions = new List<object?[]>(k);
        var declarations = new List<object?[]>(k);
        var parties = new List<object?[]>();
        var chapters = new List<object?[]>();
        var events = new List<object?[]>(2 * k);
        for (int i = 0; i < k; i++)
        {
            Submission s = items[i];
            Declaration d = s.Check.Declaration!;
            string declarant = Lodging.DeclarantKey(s.Check, null)!;
            string sha = s.Sha256;
            answers[i] = new LodgeAnswer(LodgeAnswer.Accepted, submissionIds[i], d.FunctionalReference, mrns[i], DeclarationStatus.Accepted, [], s.Check.Warnings);
            submissions.Add([submissionIds[i], at, s.Scope.User, s.Format.Name(), declarant, d.FunctionalReference, sha, s.Bytes, LodgeAnswer.Accepted, "[]", declarationIds[i],
                JsonSerializer.Serialize(answers[i], StoreJson.Options)]);
            declarations.Add([declarationIds[i], mrns[i], declarant, d.FunctionalReference, sha, d.TypeCode, d.Direction.ToString(), DeclarationStatus.Accepted.ToString(),
                s.OfficeCode, at, at, 1, d.Items.Count, d.InvoiceAmount?.ToString(CultureInfo.InvariantCulture), d.InvoiceCurrency?.Value,
                s.ModelJson, submissionIds[i]]);
            foreach (string trader in d.TraderIds.Select(t => t.Value.ToUpperInvariant()).Append(declarant).Distinct(StringComparer.Ordinal))
            {
                parties.Add([declarationIds[i], trader]);
            }

            foreach (string chapter in d.Chapters)
            {
                chapters.Add([declarationIds[i], chapter]);
            }

            events.Add([eventIds[2 * i], declarationIds[i], DeclarationEvent.Received.ToString(), DeclarationStatus.Received.ToString(), at, s.OfficeCode, s.Scope.User, null, submissionIds[i]]);
            events.Add([eventIds[(2 * i) + 1], declarationIds[i], DeclarationEvent.Accepted.ToString(), DeclarationStatus.Accepted.ToString(), at, s.OfficeCode, "validation", null, submissionIds[i]]);
        }

        await PositionalRows.InsertAsync(work, "submissions (id, received_at, submitted_by, format, declarant_id, functional_reference, content_sha256, bytes, outcome, errors_json, declaration_id, answer_json)", submissions);
        await PositionalRows.InsertAsync(work, """
            declarations (id, mrn, declarant_id, functional_reference, content_sha256, type_code, direction, status, office_code,
                lodged_at, updated_at, version, item_count, invoice_amount, invoice_currency, model_json, submission_id)
            """, declarations);
        await PositionalRows.InsertAsync(work, "declaration_parties (declaration_id, trader_id)", parties);
        await PositionalRows.InsertAsync(work, "declaration_chapters (declaration_id, chapter)", chapters);
        await TradeLineStore.WriteAsync(work, _node, [.. items.Select((s, i) => new TradeLineSource(declarationIds[i], mrns[i], s.Check.Declaration!,
            Lodging.DeclarantKey(s.Check, null)!, s.OfficeCode, now, DeclarationStatus.Accepted))], fresh: true);
        await PositionalRows.InsertAsync(work, "declaration_events (id, declaration_id, event, status, at, office_code, actor, note, submission_id)", events);

        if (_observers.Count > 0)
        {
            for (int i = 0; i < k; i++)
            {
                Submission s = items[i];
                Declaration d = s.Check.Declaration!;
                var summary = new DeclarationSummary(mrns[i], d.FunctionalReference, Lodging.DeclarantKey(s.Check, null)!, d.TypeCode, d.Direction,
                    DeclarationStatus.Accepted, s.OfficeCode, now, now, 1, d.Items.Count, d.InvoiceAmount, d.InvoiceCurrency?.Value);
                StatusChange[] history =
                [
                    new(eventIds[2 * i], DeclarationEvent.Received, DeclarationStatus.Received, now, s.OfficeCode, s.Scope.User, null),
                    new(eventIds[(2 * i) + 1], DeclarationEvent.Accepted, DeclarationStatus.Accepted, now, s.OfficeCode, "validation", null),
                ];
                var detail = new DeclarationDetail(summary, d, history, submissionIds[i]);
                foreach (IDeclarationObserver observer in _observers)
                {
                    await observer.OnChangedAsync(work, detail, history[^1], CancellationToken.None);
                }
            }
        }

        return answers;
    }

    /// <summary>
    /// Reserves <paramref name="count"/> consecutive row ids: PostgreSQL draws them from the identity sequence;
    /// SQLite, whose single writer holds the write lock here, continues after the highest id used.
    /// </summary>
    private async Task<long[]> ReserveIdsAsync(UnitOfWork work, string table, int count)
    {
        if (_db.Provider == SqlDialect.Postgres)
        {
            return (await work.Connection.QueryAsync<long>($"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, @count)", new { count }, work.Transaction)).ToArray();
        }

        long max = await work.Connection.ExecuteScalarAsync<long>(
            $"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0), COALESCE((SELECT MAX(id) FROM {table}), 0))", transaction: work.Transaction);
        return Enumerable.Range(1, count).Select(i => max + i).ToArray();
    }

    private async Task<LodgeAnswer> ApplyAsync(UnitOfWork work, Submission s)
    {
        DateTimeOffset now = _time.GetUtcNow();
        string sha = s.Sha256;
        Declaration? d = s.Check.Declaration;
        string? declarant = Lodging.DeclarantKey(s.Check, s.Scope.Role == Role.Trader ? s.Scope.TraderId : null);
        string? reference = Lodging.ReferenceKey(d);
        var errors = s.Check.Errors.ToList();

        // Checked before duplicate detection: a trader who posts another trader's declaration learns nothing of it
        // (no MRN, no status), and the refusal is filed under the trader who sent it, not under the declarant it names.
        string? lodgingTrader = NamedTrader(s.Scope);
        if (d is not null && Lodging.NamesLodgingTrader(d, lodgingTrader).Failure is { } unnamed)
        {
            if (errors.Count == 0)
            {
                errors.Add(At(s.Check.Fields.Declarant, unnamed));
            }

            string? sender = lodgingTrader is { Length: > 0 } ? lodgingTrader.Trim().ToUpperInvariant() : null;
            return await StoreSubmissionAsync(work, s, sha, sender, reference, LodgeAnswer.Rejected, errors, null, null, now);
        }

        if (declarant is not null && reference is not null)
        {
            var earlier = (await work.Connection.QueryAsync<(string content_sha256, string outcome, string answer_json)>(
                "SELECT content_sha256, outcome, answer_json FROM submissions WHERE declarant_id = @declarant AND functional_reference = @reference ORDER BY id",
                new { declarant, reference }, work.Transaction)).ToList();
            Result<int?> precedent = Lodging.Precedent(declarant, reference, sha,
                earlier.Select(e => new EarlierSubmission(e.content_sha256, e.outcome == LodgeAnswer.Accepted)).ToList(), errors.Count == 0);
            if (precedent.Failure is { } conflict)
            {
                return await StoreSubmissionAsync(work, s, sha, declarant, reference, LodgeAnswer.Conflict, [At(s.Check.Fields.FunctionalReference, conflict)], null, null, now);
            }

            if (precedent.Value is int repeat)
            {
                // The first answer again, with the declaration's status as it is now (it may have been released since).
                LodgeAnswer first = JsonSerializer.Deserialize<LodgeAnswer>(earlier[repeat].answer_json, StoreJson.Options)!;
                string? current = first.Mrn is { } mrn
                    ? await work.Connection.ExecuteScalarAsync<string?>("SELECT status FROM declarations WHERE mrn = @mrn", new { mrn }, work.Transaction)
                    : null;
                return first with { Duplicate = true, Status = current is null ? first.Status : Enum.Parse<DeclarationStatus>(current) };
            }
        }

        if (errors.Count > 0 || d is null)
        {
            return await StoreSubmissionAsync(work, s, sha, declarant, reference, LodgeAnswer.Rejected, errors, null, null, now);
        }

        if (d.Kind == SubmissionKind.Original)
        {
            return Lodging.IdentifiesOriginal(d).Failure is { } unidentified
                ? await StoreSubmissionAsync(work, s, sha, declarant, reference, LodgeAnswer.Rejected, [At(s.Check.Fields.Declarant, unidentified)], null, null, now)
                : (await AcceptOriginalsAsync(work, [s]))[0];
        }

        Result<DeclarationEvent> requested = Lodging.RequestedEvent(d);
        return requested.Failure is { } unhandled
            ? await StoreSubmissionAsync(work, s, sha, declarant, reference, LodgeAnswer.Rejected, [At(s.Check.Fields.TypeCode, unhandled)], null, null, now)
            : await ApplyRequestAsync(work, s, d, requested.Value, sha, declarant, reference, now);
    }

    /// <summary>The trader the lodging rule must find named on the declaration; null for officers, who may lodge for anyone.</summary>
    private static string? NamedTrader(AccessScope scope) => scope.Role == Role.Trader ? scope.TraderId ?? "" : null;

    private static DeclarationError At(string pointer, Failure failure) => new(pointer, failure.Code, failure.Reason);

    private async Task NotifyAsync(UnitOfWork work, string mrn, CancellationToken ct)
    {
        if (_observers.Count == 0)
        {
            return;
        }

        DeclarationDetail detail = (await DeclarationQueries.GetAsync(work.Connection, work.Transaction, AccessScope.System, mrn))!;
        foreach (IDeclarationObserver observer in _observers)
        {
            await observer.OnChangedAsync(work, detail, detail.History[^1], ct);
        }
    }

    private async Task<LodgeAnswer> ApplyRequestAsync(UnitOfWork work, Submission s, Declaration d, DeclarationEvent e, string sha, string? declarant, string? reference, DateTimeOffset now)
    {
        DeclarationDetail? target = d.ReferencedId is { } mrn ? await DeclarationQueries.GetAsync(work.Connection, work.Transaction, s.Scope, mrn) : null;
        if (target is null)
        {
            return await StoreSubmissionAsync(work, s, sha, declarant, reference, LodgeAnswer.Rejected,
                [At(s.Check.Fields.ReferencedId, Lodging.UnknownTarget(d.ReferencedId))], null, null, now);
        }

        if (d.Kind == SubmissionKind.Amendment && Lodging.CheckAmendedItems(target.Declaration, s.Check.AmendedItems) is { Count: > 0 } numbering)
        {
            return await StoreSubmissionAsync(work, s, sha, declarant, reference, LodgeAnswer.Rejected, numbering, null, null, now);
        }

        Result<DeclarationStatus> decided = Lodging.ApplyRequest(target.Summary.Mrn, target.Summary.Status, d, e);
        if (decided.Failure is { } late)
        {
            return await StoreSubmissionAsync(work, s, sha, declarant, reference, LodgeAnswer.Rejected, [At(s.Check.Fields.ReferencedId, late)], null, null, now);
        }

        DeclarationStatus next = decided.Value;
        string at = Iso(now);
        long submissionId = await InsertSubmissionAsync(work, s, sha, declarant, reference, LodgeAnswer.Accepted, [], now);
        long id = await work.Connection.ExecuteScalarAsync<long>("SELECT id FROM declarations WHERE mrn = @mrn", new { mrn = target.Summary.Mrn }, work.Transaction);
        await work.Connection.ExecuteAsync("UPDATE declarations SET status = @status, updated_at = @at, version = version + @bump WHERE id = @id",
            new { status = next.ToString(), at, id, bump = e == DeclarationEvent.AmendmentAccepted ? 1 : 0 }, work.Transaction);
        Declaration asNow = e == DeclarationEvent.AmendmentAccepted ? Lodging.Amend(target.Declaration, d) : target.Declaration;
        if (e == DeclarationEvent.AmendmentAccepted)
        {
            await StoreAmendedAsync(work, id, asNow);
        }

        await AddEventAsync(work, id, e, next, at, s.OfficeCode, s.Scope.User, $"{d.TypeCode} request {reference}", submissionId);
        await TradeLineStore.WriteAsync(work, _node, [new(id, target.Summary.Mrn, asNow, target.Summary.DeclarantId, target.Summary.OfficeCode, target.Summary.LodgedAt, next)]);
        await NotifyAsync(work, target.Summary.Mrn, CancellationToken.None);
        var answer = new LodgeAnswer(LodgeAnswer.Accepted, submissionId, reference, target.Summary.Mrn, next, [], s.Check.Warnings);
        return await FinishSubmissionAsync(work, submissionId, id, answer);
    }

    /// <summary>The declaration as amended replaces the stored model, its item count and invoice, and its HS chapters.</summary>
    private static async Task StoreAmendedAsync(UnitOfWork work, long id, Declaration amended)
    {
        await work.Connection.ExecuteAsync(
            "UPDATE declarations SET model_json = @model, item_count = @items, invoice_amount = @amount, invoice_currency = @currency WHERE id = @id",
            new
            {
                id, model = JsonSerializer.Serialize(amended, StoreJson.Options), items = amended.Items.Count,
                amount = amended.InvoiceAmount?.ToString(CultureInfo.InvariantCulture), currency = amended.InvoiceCurrency?.Value,
            }, work.Transaction);
        await work.Connection.ExecuteAsync("DELETE FROM declaration_chapters WHERE declaration_id = @id", new { id }, work.Transaction);
        await PositionalRows.InsertAsync(work, "declaration_chapters (declaration_id, chapter)", [.. amended.Chapters.Select(c => new object?[] { id, c })]);
    }

    private static async Task<LodgeAnswer> StoreSubmissionAsync(UnitOfWork work, Submission s, string sha, string? declarant, string? reference,
        string outcome, List<DeclarationError> errors, long? declarationId, string? mrn, DateTimeOffset now)
    {
        long id = await InsertSubmissionAsync(work, s, sha, declarant, reference, outcome, errors, now);
        var answer = new LodgeAnswer(outcome, id, reference, mrn, outcome == LodgeAnswer.Rejected ? DeclarationStatus.Rejected : null, errors, s.Check.Warnings);
        return await FinishSubmissionAsync(work, id, declarationId, answer);
    }

    private static async Task<long> InsertSubmissionAsync(UnitOfWork work, Submission s, string sha, string? declarant, string? reference,
        string outcome, List<DeclarationError> errors, DateTimeOffset now) =>
        await work.Connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO submissions (received_at, submitted_by, format, declarant_id, functional_reference, content_sha256, bytes, outcome, errors_json, answer_json)
            VALUES (@at, @user, @format, @declarant, @reference, @sha, @bytes, @outcome, @errors, '{}') RETURNING id
            """,
            new { at = Iso(now), user = s.Scope.User, format = s.Format.Name(), declarant, reference, sha, bytes = s.Bytes, outcome, errors = JsonSerializer.Serialize(errors, StoreJson.Options) }, work.Transaction);

    private static async Task<LodgeAnswer> FinishSubmissionAsync(UnitOfWork work, long submissionId, long? declarationId, LodgeAnswer answer)
    {
        await work.Connection.ExecuteAsync("UPDATE submissions SET answer_json = @answer, declaration_id = @declarationId WHERE id = @submissionId",
            new { answer = JsonSerializer.Serialize(answer, StoreJson.Options), declarationId, submissionId }, work.Transaction);
        return answer;
    }

    private static async Task<int> AddEventAsync(UnitOfWork work, long declarationId, DeclarationEvent e, DeclarationStatus status, string at,
        string office, string actor, string? note, long? submissionId)
    {
        await OrderEventsAsync(work);
        return await work.Connection.ExecuteAsync(
            "INSERT INTO declaration_events (declaration_id, event, status, at, office_code, actor, note, submission_id) VALUES (@declarationId, @e, @status, @at, @office, @actor, @note, @submissionId)",
            new { declarationId, e = e.ToString(), status = status.ToString(), at, office, actor, note, submissionId }, work.Transaction);
    }

    /// <summary>The transaction-level advisory lock that orders status changes on PostgreSQL (see <see cref="OrderEventsAsync"/>).</summary>
    public const long EventOrderLock = 7620111;

    /// <summary>
    /// The notification feed hands out status changes by id, so ids must be assigned in commit order: a later id visible
    /// before an earlier one commits would move a reader's cursor past it for good. SQLite has one writer at a time. On
    /// PostgreSQL, ids come from a sequence, so a transaction takes this advisory lock before it assigns event ids and keeps
    /// it until it commits or rolls back: no other transaction assigns an event id meanwhile.
    /// </summary>
    internal static Task OrderEventsAsync(UnitOfWork work) =>
        work.Dialect == SqlDialect.Postgres
            ? work.Connection.ExecuteAsync($"SELECT pg_advisory_xact_lock({EventOrderLock})", transaction: work.Transaction)
            : Task.CompletedTask;

    private static string Iso(DateTimeOffset at) => StoredTime.Iso(at);

    private sealed record Pending(Submission Submission, TaskCompletionSource<LodgeAnswer> Done);
}
