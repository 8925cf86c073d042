using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Landsea.Web.Infrastructure;

/// <summary>A language the pages are written in: its BCP 47 tag (as in <c>&lt;html lang&gt;</c>, the <c>lang</c> cookie and the resource file's name) and its culture.</summary>
public sealed record Language(string Tag, string Name)
{
    /// <summary>The culture dates and numbers are formatted with.</summary>
    public CultureInfo Culture { get; } = CultureInfo.GetCultureInfo(Tag);
}

/// <summary>
/// The pages' texts, from <c>Resources/Pages.{tag}.json</c> (embedded in the assembly, read once; docs/languages.md,
/// ADR 0407). The language of a request is the current UI culture, set by <see cref="Languages"/>; a key the file of
/// that language lacks renders as <see cref="MissingMarker"/> so that tests (and readers) see it.
/// </summary>
public static class Texts
{
    public static readonly Language English = new("en", "English");
    public static readonly Language Chinese = new("zh-Hans", "中文");

    /// <summary>Every language the pages speak; the first is the default.</summary>
    public static IReadOnlyList<Language> All { get; } = [English, Chinese];

    private static readonly Lazy<FrozenDictionary<string, FrozenDictionary<string, string>>> Files = new(Load);

    /// <summary>The language of the current request (English outside one).</summary>
    public static Language Current =>
        CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese : English;

    /// <summary>The culture of the current request's language.</summary>
    public static CultureInfo Culture => Current.Culture;

    /// <summary>What a page shows for a key that is not in its language's file.</summary>
    public static string MissingMarker(string key) => $"⟦missing:{key}⟧";

    /// <summary>The keys and texts of one language's file.</summary>
    public static IReadOnlyDictionary<string, string> Of(Language language)
    {
        ArgumentNullException.ThrowIfNull(language);
        return Files.Value[language.Tag];
    }

    /// <summary>The text of <paramref name="key"/> in the current language, or the missing-key marker.</summary>
    public static string Get(string key) => Get(Current, key);

    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/>, or the missing-key marker.</summary>
    public static string Get(Language language, string key) =>
        Of(language).TryGetValue(key, out string? text) ? text : MissingMarker(key);

    /// <summary>The text of <paramref name="key"/> with its <c>{0}</c>, <c>{1}</c>… filled in, numbers and dates in the language's culture (plain text, not encoded).</summary>
    public static string Format(string key, params object?[] args)
    {
        string template = Get(key);
        try
        {
            return string.Format(Culture, template, args);
        }
        catch (FormatException)
        {
            return MissingMarker(key + ":format"); // a translation with a broken placeholder shows as clearly as a missing one
        }
    }

    /// <summary>A label for an enumeration value (<c>status.Released</c>, <c>channel.Red</c>…), its name when the file has none.</summary>
    public static string Name<TEnum>(string prefix, TEnum value) where TEnum : struct, Enum
    {
        string key = prefix + "." + value;
        return Of(Current).TryGetValue(key, out string? text) ? text : value.ToString();
    }

    /// <summary>A label for a code word (<c>party.Exporter</c>…), the word itself when the file has none.</summary>
    public static string Label(string prefix, string? word) =>
        word is null ? "" : Of(Current).TryGetValue(prefix + "." + word, out string? text) ? text : word;

    /// <summary>
    /// An instant in an office's local time with its UTC offset, in the current language's pattern (<c>format.localTime</c>):
    /// English <c>2026-12-02 06:34 +08:00</c>, Chinese <c>2026年12月2日 06:34 (UTC+08:00)</c>; UTC for an office the corridor list does not know.
    /// </summary>
    public static string LocalTime(string? officeCode, DateTimeOffset at)
    {
        Landsea.Offices.CustomsOffice? office = officeCode is null ? null : Landsea.Offices.Corridor.FindOffice(officeCode);
        DateTimeOffset local = office is null ? at.ToUniversalTime() : TimeZoneInfo.ConvertTime(at, office.TimeZone);
        return local.ToString(Get("format.localTime"), Culture);
    }

    /// <summary>An instant in UTC, in the current language's pattern (<c>format.utcTime</c>), saying it is UTC.</summary>
    public static string UtcTime(DateTimeOffset at) => at.UtcDateTime.ToString(Get("format.utcTime"), Culture);

    /// <summary>A calendar day in the current language's pattern (<c>format.day</c>).</summary>
    public static string Day(DateOnly day) => day.ToString(Get("format.day"), Culture);

    /// <summary>A number in the current language's culture (default two decimals, grouped).</summary>
    public static string Number(decimal value, string format = "N2") => value.ToString(format, Culture);

    private static readonly JsonSerializerOptions FileOptions = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static FrozenDictionary<string, FrozenDictionary<string, string>> Load()
    {
        Assembly assembly = typeof(Texts).Assembly;
        var files = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal);
        foreach (Language language in All)
        {
            string name = $"Landsea.Web.Resources.Pages.{language.Tag}.json";
            using Stream stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The page texts {name} are not embedded in {assembly.GetName().Name}.");
            Dictionary<string, string> texts = JsonSerializer.Deserialize<Dictionary<string, string>>(stream, FileOptions)
                ?? throw new InvalidOperationException($"The page texts {name} are empty.");
            files[language.Tag] = texts.ToFrozenDictionary(StringComparer.Ordinal);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
