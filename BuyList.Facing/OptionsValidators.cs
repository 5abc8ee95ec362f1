namespace BuyList.Facing;

// Facing's options, checked by generated code (AddValidatedOptions).
[OptionsValidator]
internal sealed partial class PurchasesOptionsValidator : IValidateOptions<PurchasesOptions>;

[OptionsValidator]
internal sealed partial class ManagementOptionsValidator : IValidateOptions<ManagementOptions>;

[OptionsValidator]
internal sealed partial class RequestLimitsOptionsValidator : IValidateOptions<RequestLimitsOptions>;
