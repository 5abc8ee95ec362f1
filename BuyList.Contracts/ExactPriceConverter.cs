using System.Buffers;

namespace BuyList.Contracts;

/// <summary>
/// Reads a price only when it is a JSON number that <see cref="decimal"/> holds exactly. Plain decimal parsing rounds
/// past 28 decimals, which would turn <c>0.00999999999999999999999999999</c> into an acceptable 0.01 or
/// <c>10.00000000000000000000000000001</c> into 10, slipping past the two-decimal rule; those are refused instead.
/// </summary>
public sealed class ExactPriceConverter : JsonConverter<decimal?>
{
    private const int MaxDecimalDigits = 28;

    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var price))
        {
            throw new JsonException();
        }

        var number = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return FitsDecimal(number) ? price : throw new JsonException();
    }

    // The serializer writes a null itself: a converter of a Nullable<T> is never handed one.
    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options) => writer.WriteNumberValue(value!.Value);

    /// <summary>
    /// Whether a JSON number (<c>-?int(.frac)?([eE][+-]?exp)?</c>) is exactly a decimal: at most 28 significant digits
    /// and at most 28 decimal places once trailing zeros are dropped.
    /// </summary>
    private static bool FitsDecimal(ReadOnlySpan<byte> number)
    {
        var exponent = 0L;
        var e = number.IndexOfAny((byte)'e', (byte)'E');
        if (e >= 0)
        {
            if (!long.TryParse(number[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return false;
            }

            number = number[..e];
        }

        var point = number.IndexOf((byte)'.');
        long decimals = point < 0 ? 0 : number.Length - point - 1;
        var first = number.IndexOfAnyInRange((byte)'1', (byte)'9');
        if (first < 0)
        {
            return true; // zero
        }

        var last = number.LastIndexOfAnyInRange((byte)'1', (byte)'9');
        var trailingZeros = number.Length - 1 - last - (point > last ? 1 : 0);
        var significant = last - first + 1 - (point > first && point < last ? 1 : 0);
        return significant <= MaxDecimalDigits && decimals - exponent - trailingZeros <= MaxDecimalDigits;
    }
}
