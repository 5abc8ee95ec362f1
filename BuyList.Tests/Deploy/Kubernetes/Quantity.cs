namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>Kubernetes resource quantities ("250m", "1", "512Mi", "1Gi", "1G") as numbers: cores, or bytes.</summary>
public static class Quantity
{
    private static readonly (string Suffix, decimal Factor)[] s_suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("k", 1000m), ("M", 1000m * 1000), ("G", 1000m * 1000 * 1000), ("T", 1000m * 1000 * 1000 * 1000),
        ("m", 0.001m),
    ];

    public static decimal Parse(string text) =>
        s_suffixes.FirstOrDefault(s => text.EndsWith(s.Suffix, StringComparison.Ordinal)) is ({ } suffix, var factor)
            ? decimal.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * factor
            : decimal.Parse(text, CultureInfo.InvariantCulture);

    public static decimal Mebibytes(string text) => Parse(text) / (1024m * 1024);

    public static decimal Millicores(string text) => Parse(text) * 1000m;
}
