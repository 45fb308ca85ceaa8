using System.Globalization;
using System.Text;

namespace InteropLint.Perf;

/// <summary>One measured quantity at every size, with its budget (a goal printed beside it, never asserted).</summary>
public sealed class Figure
{
    public Figure(string name, string unit, string budget = "", Func<double, bool>? meets = null)
    {
        Name = name;
        Unit = unit;
        Budget = budget;
        Meets = meets;
    }

    public string Name { get; }

    public string Unit { get; }

    public string Budget { get; }

    /// <summary>Whether a value meets the budget; judged at the largest size.</summary>
    public Func<double, bool>? Meets { get; }

    public SortedDictionary<int, double> Values { get; } = new();

    /// <summary>Why a value is missing, or a remark on how it was measured.</summary>
    public string Note { get; set; } = "";
}

/// <summary>The table the benchmark prints: one row per figure, one column per size, the ratio between the sizes, the budget.</summary>
public sealed class ResultTable
{
    private readonly List<Figure> _figures = new();

    /// <summary>The row of that name, added the first time (each size fills in its column).</summary>
    public Figure Row(string name, string unit, string budget = "", Func<double, bool>? meets = null)
    {
        var existing = _figures.Find(f => f.Name == name);
        if (existing != null)
        {
            return existing;
        }

        var figure = new Figure(name, unit, budget, meets);
        _figures.Add(figure);
        return figure;
    }

    public string Render(IReadOnlyList<int> sizes)
    {
        var text = new StringBuilder();
        text.Append("| figure | unit |");
        foreach (var size in sizes)
        {
            text.Append(' ').Append(SizeLabel(size)).Append(" |");
        }

        var ratioLabel = sizes.Count > 1 ? SizeLabel(sizes[^1]) + "/" + SizeLabel(sizes[0]) : "ratio";
        text.Append(' ').Append(ratioLabel).Append(" | budget | met? | note |\n|---|---|");
        text.Append(string.Concat(Enumerable.Repeat("---:|", sizes.Count + 1))).Append("---|---|---|\n");
        foreach (var figure in _figures)
        {
            text.Append("| ").Append(figure.Name).Append(" | ").Append(figure.Unit).Append(" |");
            foreach (var size in sizes)
            {
                text.Append(' ').Append(figure.Values.TryGetValue(size, out var v) ? Format(v) : "—").Append(" |");
            }

            var ratio = sizes.Count > 1 && figure.Values.TryGetValue(sizes[0], out var first) && figure.Values.TryGetValue(sizes[^1], out var last) && first > 0
                ? Format(last / first) : "—";
            text.Append(' ').Append(ratio).Append(" | ").Append(figure.Budget).Append(" | ");
            if (figure.Meets != null && figure.Values.TryGetValue(sizes[^1], out var judged))
            {
                text.Append(figure.Meets(judged) ? "yes" : "**no**");
            }

            text.Append(" | ").Append(figure.Note).Append(" |\n");
        }

        return text.ToString();
    }

    public static string SizeLabel(int size) => size == 0 ? "value" : size % 1000 == 0 ? (size / 1000).ToString(CultureInfo.InvariantCulture) + "k" : size.ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) =>
        double.IsNaN(value) ? "—"
        : Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : value.ToString("0.00", CultureInfo.InvariantCulture);
}
