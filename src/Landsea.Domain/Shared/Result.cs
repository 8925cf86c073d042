namespace Landsea.Shared;

/// <summary>Why a value was refused: a stable code and a sentence for people.</summary>
/// <param name="Code">Stable machine-readable code (LS and three digits), for example <c>LS100</c> (<see cref="ValueErrorCodes.HsEmpty"/>).</param>
/// <param name="Reason">What is wrong, naming the offending value.</param>
public sealed record Failure(string Code, string Reason);

/// <summary>
/// The outcome of parsing or validating a value: either the value or the reason it was refused.
/// Expected failures are values, never exceptions.
/// </summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Failure? failure)
    {
        _value = value;
        Failure = failure;
    }

    /// <summary>Why the input was refused; null on success.</summary>
    public Failure? Failure { get; }

    public bool IsValid => Failure is null;

    /// <summary>The value. Invariant: only read when <see cref="IsValid"/>.</summary>
    public T Value => IsValid ? _value! : throw new InvalidOperationException($"No value: {Failure!.Reason}");

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(string code, string reason) => new(default, new Failure(code, reason));

    public static Result<T> Fail(Failure failure) => new(default, failure);

    /// <summary>A value is a success.</summary>
    public static implicit operator Result<T>(T value) => new(value, null);

    /// <summary>A failure is a failure of any result type.</summary>
    public static implicit operator Result<T>(Failure failure) => new(default, failure);

    /// <summary>Returns the value or throws <see cref="FormatException"/>; for trusted input such as seed data.</summary>
    public T OrThrow() => IsValid ? _value! : throw new FormatException(Failure!.Reason);

    public override string ToString() => IsValid ? $"Ok({_value})" : $"Fail({Failure!.Code}: {Failure.Reason})";
}
