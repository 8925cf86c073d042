using System.Text;
using Landsea.Shared;
using Landsea.Tariffs;

namespace Landsea.Domain.Tests.Shared;

/// <summary>
/// Issue 16 item 5 for CSV (docs/security.md): the one CSV reader keeps at most <see cref="Csv.MaxFields"/> + 1 fields of
/// a row and <see cref="ErrorCap.MaxTextBytes"/> + 1 characters of a field, whatever the line holds, and a reader of a
/// file names such a line LS806.
/// </summary>
public class BoundedCsvTests
{
    private const int Hostile = 1024 * 1024;

    [Fact]
    public void A_line_of_a_million_fields_keeps_at_most_the_limit_and_is_flagged()
    {
        string[] row = Assert.Single(Csv.Read(new StringReader(new string(',', Hostile))));

        Assert.Equal(Csv.MaxFields + 1, row.Length);
        Assert.True(Csv.Exceeds(row));
    }

    [Theory]
    [InlineData("X")] // plain text
    [InlineData("\"\"")] // a doubled quote inside a quoted field: one '"' each, which must count towards the bound too
    public void A_field_of_a_megabyte_keeps_at_most_the_limit_and_is_flagged(string repeated)
    {
        string field = "\"" + new StringBuilder().Insert(0, repeated, Hostile).Append('"').ToString();

        string[] row = Assert.Single(Csv.Read(new StringReader(field)));

        Assert.Equal(ErrorCap.MaxTextBytes + 1, Assert.Single(row).Length);
        Assert.True(Csv.Exceeds(row));
    }

    [Fact]
    public void A_tariff_schedule_with_an_overlong_line_names_it_LS806_and_stores_nothing()
    {
        string text = string.Join(",", TariffScheduleReader.Columns) + "\n" + "\"" + new StringBuilder().Insert(0, "\"\"", Hostile) + "\"\n";

        (IReadOnlyList<TariffLine> lines, IReadOnlyList<ScheduleError> errors) = TariffScheduleReader.Read(new StringReader(text));

        Assert.Empty(lines);
        ScheduleError error = Assert.Single(errors);
        Assert.Equal((2, SecurityErrorCodes.LineTooLong), (error.Line, error.Code));
    }
}
