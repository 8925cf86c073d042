using System.Text.Json;
using System.Text.Json.Serialization;

namespace Landsea.Shared;

/// <summary>
/// Writes an <see cref="HsCode"/> as its digits ("847130"), the form the declaration model has always been stored and
/// served in, and reads any form <see cref="HsCode.Parse"/> accepts ("8471.30" in rows stored before the model held the type).
/// </summary>
/// <remarks>Text that is not a commodity code is a broken stored row or a bad client document, so it throws
/// <see cref="JsonException"/> with the parse failure's reason.</remarks>
public sealed class HsCodeJsonConverter : JsonConverter<HsCode>
{
    public override HsCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ValueJson.Read(ref reader, HsCode.Parse, "a commodity code");

    public override void Write(Utf8JsonWriter writer, HsCode value, JsonSerializerOptions options) => writer.WriteStringValue(value.Digits ?? "");
}

/// <summary>Writes a <see cref="CurrencyCode"/> as its three letters ("CNY") and reads it back through <see cref="CurrencyCode.Parse"/>.</summary>
/// <remarks>Text that is not a current ISO 4217 code throws <see cref="JsonException"/> with the parse failure's reason.</remarks>
public sealed class CurrencyCodeJsonConverter : JsonConverter<CurrencyCode>
{
    public override CurrencyCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ValueJson.Read(ref reader, CurrencyCode.Parse, "a currency code");

    public override void Write(Utf8JsonWriter writer, CurrencyCode value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value ?? "");
}

/// <summary>Writes a <see cref="CountryCode"/> as its two letters ("CN", "XI") and reads it back through <see cref="CountryCode.Parse"/>.</summary>
/// <remarks>Text that is neither an ISO country nor a national code throws <see cref="JsonException"/> with the parse failure's reason.</remarks>
public sealed class CountryCodeJsonConverter : JsonConverter<CountryCode>
{
    public override CountryCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ValueJson.Read(ref reader, CountryCode.Parse, "a country code");

    public override void Write(Utf8JsonWriter writer, CountryCode value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value ?? "");
}

/// <summary>
/// Writes a <see cref="TraderId"/> as its text ("91350100M000100Y43"; another administration's identifier as written) and
/// reads it back through <see cref="TraderId.Parse"/>.
/// </summary>
/// <remarks>Text that is not a trader identifier throws <see cref="JsonException"/> with the parse failure's reason.</remarks>
public sealed class TraderIdJsonConverter : JsonConverter<TraderId>
{
    public override TraderId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ValueJson.Read(ref reader, TraderId.Parse, "a trader identifier");

    public override void Write(Utf8JsonWriter writer, TraderId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value ?? "");
}

internal static class ValueJson
{
    public static T Read<T>(ref Utf8JsonReader reader, Func<string?, Result<T>> parse, string what)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected {what} as a JSON string, found {reader.TokenType}.");
        }

        Result<T> parsed = parse(reader.GetString());
        return parsed.IsValid ? parsed.Value : throw new JsonException($"{parsed.Failure!.Code}: {parsed.Failure.Reason}");
    }
}
