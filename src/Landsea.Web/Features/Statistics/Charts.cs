using System.Globalization;
using System.Text;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Statistics;

/// <summary>
/// Server-rendered SVG charts (nothing is downloaded by the browser): horizontal bars for ranked breakdowns and paired
/// vertical bars for a year's months beside the year before. Each chart has a title and per-bar titles for screen readers;
/// the page puts the same figures in a table beside it.
/// </summary>
internal static class Charts
{
    private const string Current = "#0b6fa4";
    private const string Previous = "#b9c7d4";

    /// <summary>Horizontal bars, one per (label, value), longest = the largest value.</summary>
    public static string Bars(string id, string title, IReadOnlyList<(string Label, decimal Value)> bars, string unit)
    {
        const int labelWidth = 230, barWidth = 360, row = 22;
        int height = Math.Max(1, bars.Count) * row + 8;
        decimal max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + barWidth + 120}\" height=\"{height}\" viewBox=\"0 0 {labelWidth + barWidth + 120} {height}\"><title>{E(title)}</title>");
        for (int i = 0; i < bars.Count; i++)
        {
            (string label, decimal value) = bars[i];
            int y = 4 + (i * row);
            double w = max <= 0 ? 0 : (double)(Math.Max(0, value) / max) * barWidth;
            string shortLabel = label.Length > 34 ? label[..33] + "…" : label;
            s.Append(CultureInfo.InvariantCulture, $"<g class=\"bar\"><title>{E(label)}: {value:N2} {E(unit)}</title><text x=\"{labelWidth - 6}\" y=\"{y + 14}\" text-anchor=\"end\" font-size=\"12\">{E(shortLabel)}</text>");
            s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 2}\" width=\"{w:0.#}\" height=\"{row - 6}\" fill=\"{Current}\"/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + w + 4:0.#}\" y=\"{y + 14}\" font-size=\"11\">{value:N2}</text></g>");
        }

        return s.Append("</svg>").ToString();
    }

    /// <summary>Twelve months (or fewer), each a pair of bars: the year before (light) and the year (dark).</summary>
    public static string MonthPairs(string id, string title, IReadOnlyList<(string Month, decimal Year, decimal Before)> months, int year)
    {
        const int width = 720, height = 240, top = 24, bottom = 28, left = 8;
        decimal max = months.Count == 0 ? 0 : months.Max(m => Math.Max(m.Year, m.Before));
        double slot = (width - left) / 12.0, bar = (slot - 8) / 2;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><title>{E(title)}</title>");
        s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"4\" width=\"10\" height=\"10\" fill=\"{Previous}\"/><text x=\"{left + 14}\" y=\"13\" font-size=\"11\">{year - 1}</text>");
        s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + 60}\" y=\"4\" width=\"10\" height=\"10\" fill=\"{Current}\"/><text x=\"{left + 74}\" y=\"13\" font-size=\"11\">{year}</text>");
        double plot = height - top - bottom;
        for (int i = 0; i < months.Count; i++)
        {
            (string month, decimal y, decimal before) = months[i];
            int m = int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n - 1 : i;
            double x = left + (m * slot) + 4;
            double hb = max <= 0 ? 0 : (double)(Math.Max(0, before) / max) * plot, hy = max <= 0 ? 0 : (double)(Math.Max(0, y) / max) * plot;
            s.Append(CultureInfo.InvariantCulture, $"<g class=\"month\" data-month=\"{E(month)}\"><title>{E(month)}: {year} {y:N2}, {year - 1} {before:N2}</title>");
            s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{top + plot - hb:0.#}\" width=\"{bar:0.#}\" height=\"{hb:0.#}\" fill=\"{Previous}\"/>");
            s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + bar:0.#}\" y=\"{top + plot - hy:0.#}\" width=\"{bar:0.#}\" height=\"{hy:0.#}\" fill=\"{Current}\"/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + bar:0.#}\" y=\"{height - 10}\" text-anchor=\"middle\" font-size=\"11\">{E(month)}</text></g>");
        }

        return s.Append("</svg>").ToString();
    }
}
