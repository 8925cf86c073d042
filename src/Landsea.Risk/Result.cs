namespace Landsea.Risk;

/// <summary>An expected failure: a stable machine-readable code and a message an officer can act on.</summary>
/// <param name="Code">Stable error code, for example <c>csv.column.missing</c>.</param>
/// <param name="Message">Human-readable reason, including line and column where there is one.</param>
public sealed record RiskError(string Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>A value or the reason there is none. Expected failures are values, never exceptions.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, RiskError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The failure, or null on success.</summary>
    public RiskError? Error { get; }

    public bool IsSuccess => Error is null;

    /// <summary>The value; throws if this is a failure (a bug in the caller, who must check first).</summary>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"No value: {Error}");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(RiskError error) => new(default, error);

    public Result<T> ToResult() => this;
}
