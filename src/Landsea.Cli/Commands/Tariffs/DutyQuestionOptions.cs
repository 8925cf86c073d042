using System.CommandLine;
using System.Globalization;
using Landsea.Data;
using Landsea.Data.Tariffs;
using Landsea.Shared;
using Landsea.Tariffs;

namespace Landsea.Cli.Commands.Tariffs;

/// <summary>
/// The options that state one duty question (<c>--hs --origin --importer --value --currency [--quantity --unit] [--date]</c>)
/// and the schedules to answer it from (<c>--db</c>), shared by <c>landsea tariff duty</c> and <c>tariff advise</c>.
/// </summary>
internal sealed class DutyQuestionOptions
{
    private readonly Option<string> _hs = new("--hs") { Description = "Commodity code: 6, 8 or 10 digits (dots allowed).", Required = true };
    private readonly Option<string> _origin = new("--origin") { Description = "Country of origin (ISO 3166-1 alpha-2).", Required = true };
    private readonly Option<string> _importer = new("--importer") { Description = "Importing party (ISO 3166-1 alpha-2).", Required = true };
    private readonly Option<string> _value = new("--value") { Description = "Customs value, a decimal number.", Required = true };
    private readonly Option<string> _currency = new("--currency") { Description = "Currency of --value (ISO 4217).", Required = true };
    private readonly Option<string?> _quantity = new("--quantity") { Description = "Quantity, for specific or compound rates." };
    private readonly Option<string?> _unit = new("--unit") { Description = "Unit of --quantity (as the schedule names it: kg, t, u, ...)." };
    private readonly Option<string?> _date = new("--date") { Description = "Date of the import (yyyy-MM-dd); default today (UTC)." };
    private readonly Option<string?> _db = new("--db") { Description = "Use the schedules loaded into this node database instead of the ones shipped in data/tariffs." };

    /// <summary>Adds the options, in the order help lists them.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_hs, _origin, _importer, _value, _currency, _quantity, _unit, _date, _db])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The question, or every problem with the option it concerns. The date (default today, UTC) is given even when other
    /// parts are wrong, for readers that check against it (a bill of materials).
    /// </summary>
    public (DutyQuestion? Question, DateOnly On, List<string> Problems) Read(ParseResult r)
    {
        var problems = new List<string>();
        Result<HsCode> code = HsCode.Parse(r.GetValue(_hs));
        Result<CountryCode> o = CountryCode.Parse(r.GetValue(_origin)), i = CountryCode.Parse(r.GetValue(_importer));
        Result<CurrencyCode> cur = CurrencyCode.Parse(r.GetValue(_currency));
        bool valueOk = decimal.TryParse(r.GetValue(_value), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount);
        decimal? q = null;
        if (r.GetValue(_quantity) is { } qt)
        {
            if (decimal.TryParse(qt, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal qv))
            {
                q = qv;
            }
            else
            {
                problems.Add($"--quantity '{qt}' is not a non-negative number.");
            }
        }

        DateOnly on = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        if (r.GetValue(_date) is { } ds && !DateOnly.TryParseExact(ds, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out on))
        {
            problems.Add($"--date '{ds}' is not a date (yyyy-MM-dd).");
        }

        if (!code.IsValid) { problems.Add($"--hs: {code.Failure!.Reason}"); }
        if (!o.IsValid) { problems.Add($"--origin: {o.Failure!.Reason}"); }
        if (!i.IsValid) { problems.Add($"--importer: {i.Failure!.Reason}"); }
        if (!cur.IsValid) { problems.Add($"--currency: {cur.Failure!.Reason}"); }
        if (!valueOk) { problems.Add($"--value '{r.GetValue(_value)}' is not a non-negative number."); }
        return problems.Count > 0
            ? (null, on, problems)
            : (new DutyQuestion(code.Value, o.Value, i.Value, new Money(amount, cur.Value), on, q, r.GetValue(_unit)), on, problems);
    }

    /// <summary>The shipped schedules, or those loaded into <c>--db</c>; null (the message written) when the database is missing.</summary>
    public async Task<TariffBook?> BookAsync(ParseResult r, TextWriter error, CancellationToken ct)
    {
        if (r.GetValue(_db) is not { } dbText)
        {
            return TariffBook.Shipped;
        }

        if (DatabaseOption.Missing(dbText) is { } missing)
        {
            await error.WriteLineAsync(missing);
            return null;
        }

        NodeDatabase database = NodeDatabase.FromArgument(dbText);
        await database.MigrateAsync(ct);
        return await new TariffStore(database, TimeProvider.System).BookAsync(ct);
    }
}
