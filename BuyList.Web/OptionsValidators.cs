namespace BuyList.Web;

// The page's options, checked by generated code (AddValidatedOptions).
[OptionsValidator]
internal sealed partial class PagingAndPollingOptionsValidator : IValidateOptions<PagingAndPollingOptions>;

[OptionsValidator]
internal sealed partial class FacingOptionsValidator : IValidateOptions<FacingOptions>;
