using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuyList.ServiceDefaults;

/// <summary>The one way a service registers its options: validated at start by a source-generated validator.</summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Options of <typeparamref name="TOptions"/>, validated when the host starts by <typeparamref name="TValidator"/>,
    /// an <c>[OptionsValidator]</c> partial class: generated code checks the data annotations of the options class,
    /// where <c>ValidateDataAnnotations</c> reads them by reflection, which trimming (Native AOT) breaks. The caller binds
    /// them (<c>BindConfiguration</c> on the concrete type, which the configuration binding generator can write).
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(this IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptionsWithValidateOnStart<TOptions>();
    }
}
