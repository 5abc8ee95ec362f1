namespace BuyList.Contracts;

/// <summary>The JSON schemas of the event contract, embedded so the tests read the very file in the repo.</summary>
internal static class PurchaseSchemas
{
    public const string PurchaseRecordedV1 = "purchase-recorded.v1.json";

    public static string Read(string name)
    {
        // The reader disposes the stream.
        using var reader = new StreamReader(typeof(PurchaseSchemas).Assembly.GetManifestResourceStream($"BuyList.Contracts.Schemas.{name}")
            ?? throw new InvalidOperationException($"Schema {name} is not embedded."));
        return reader.ReadToEnd();
    }
}
