using System.Text.Json;

namespace Landsea.Origin;

/// <summary>The identifiers of a Landsea-issued certificate, read back from its wrapped document (the salted v2 values).</summary>
/// <param name="Number">data.certificateOfOrigin.certificateNumber.</param>
/// <param name="Form">data.certificateOfOrigin.form.</param>
/// <param name="ExportingCountry">data.certificateOfOrigin.exportingCountry.</param>
/// <param name="ImportingCountry">data.certificateOfOrigin.importingCountry.</param>
public sealed record IssuedDocument(string Number, string Form, string ExportingCountry, string ImportingCountry)
{
    /// <summary>Reads the identifiers; null when the document is not a Landsea certificate (or a field was obfuscated).</summary>
    public static IssuedDocument? Describe(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("data", out JsonElement data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("certificateOfOrigin", out JsonElement c) || c.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? number = Value(c, "certificateNumber");
        string? form = Value(c, "form");
        string? exporting = Value(c, "exportingCountry");
        string? importing = Value(c, "importingCountry");
        return number is null || form is null || exporting is null || importing is null ? null : new IssuedDocument(number, form, exporting, importing);
    }

    /// <summary>The value of a salted v2 leaf (<c>salt:type:value</c>), or null when absent.</summary>
    public static string? Value(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out JsonElement v) || v.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        string s = v.GetString()!;
        int first = s.IndexOf(':', StringComparison.Ordinal);
        int second = first < 0 ? -1 : s.IndexOf(':', first + 1);
        return second < 0 ? null : s[(second + 1)..];
    }
}
