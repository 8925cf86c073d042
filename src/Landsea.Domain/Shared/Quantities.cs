namespace Landsea.Shared;

/// <summary>
/// Checked arithmetic on amounts and quantities: a sum beyond decimal's range (about ±7.9e28) is a failure
/// (<see cref="ValueErrorCodes.SumOutOfRange"/>), never an <see cref="OverflowException"/>. Lodging bounds each value
/// (Landsea.Declarations.DeclarationRules.MaxMassKg, MaxAmount, MaxItems) so that sums over a lodged declaration fit;
/// this keeps sums total for whatever else is summed (values stored before the bounds, partners' messages).
/// </summary>
public static class Quantities
{
    /// <summary>The sum of <paramref name="values"/>, or LS125 when it does not fit in a decimal.</summary>
    public static Result<decimal> Sum(IEnumerable<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        decimal total = 0;
        foreach (decimal v in values)
        {
            if ((v > 0 && total > decimal.MaxValue - v) || (v < 0 && total < decimal.MinValue - v))
            {
                return Result<decimal>.Fail(ValueErrorCodes.SumOutOfRange,
                    "The sum is beyond the range of decimal numbers (about ±7.9e28); a value in it is larger than any real amount or mass.");
            }

            total += v;
        }

        return total;
    }
}
