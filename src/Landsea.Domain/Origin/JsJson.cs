using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Landsea.Origin;

/// <summary>
/// Writes JSON text byte-for-byte as ECMAScript's JSON.stringify (no spaces) and String(value) do, because
/// OpenAttestation hashes those strings.
/// </summary>
public static class JsJson
{
    /// <summary>JSON.stringify of a string.</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char ch = s[i];
            switch (ch)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (ch < 0x20)
                    {
                        sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(ch) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(ch).Append(s[i + 1]);
                        i++;
                    }
                    else if (char.IsSurrogate(ch))
                    {
                        sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(ch);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>JSON.stringify of any parsed JSON value (objects keep their member order).</summary>
    public static void WriteValue(StringBuilder sb, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String: WriteString(sb, value.GetString()!); break;
            case JsonValueKind.Number: sb.Append(NumberToString(value.GetDouble())); break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            case JsonValueKind.Null: sb.Append("null"); break;
            case JsonValueKind.Array:
                sb.Append('[');
                bool firstItem = true;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        sb.Append(',');
                    }

                    firstItem = false;
                    WriteValue(sb, item);
                }

                sb.Append(']');
                break;
            default:
                sb.Append('{');
                bool first = true;
                foreach (JsonProperty p in value.EnumerateObject())
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    WriteString(sb, p.Name);
                    sb.Append(':');
                    WriteValue(sb, p.Value);
                }

                sb.Append('}');
                break;
        }
    }

    /// <summary>String(value) of a JSON value, as a template literal `${value}` renders it.</summary>
    public static string ToJsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => NumberToString(value.GetDouble()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => string.Join(",", value.EnumerateArray().Select(e => e.ValueKind is JsonValueKind.Null ? "" : ToJsString(e))),
        _ => "[object Object]",
    };

    /// <summary>ECMAScript Number::toString (shortest round-trip digits, exponent outside 1e-7..1e21).</summary>
    public static string NumberToString(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            return "null";
        }

        if (d == 0)
        {
            return "0";
        }

        // Shortest round-trip digits ("R"), then laid out as ECMAScript does.
        string shortest = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        string mantissa = shortest;
        int exp10 = 0;
        int e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exp10 = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        string fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        string digits = (intPart + fracPart).TrimStart('0');
        int leadingZeros = (intPart + fracPart).Length - (intPart + fracPart).TrimStart('0').Length;
        int n = intPart.Length + exp10 - leadingZeros; // decimal point position relative to digits
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return "0";
        }

        int k = digits.Length;
        string sign = d < 0 ? "-" : "";
        string body;
        if (k <= n && n <= 21)
        {
            body = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            body = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            body = "0." + new string('0', -n) + digits;
        }
        else
        {
            int exponent = n - 1;
            string expText = (exponent >= 0 ? "+" : "-") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
            body = k == 1 ? digits + "e" + expText : digits[..1] + "." + digits[1..] + "e" + expText;
        }

        return sign + body;
    }
}
