using BuyList.Management.Messaging;

namespace BuyList.Management;

// Management's options, checked by generated code (AddValidatedOptions).
[OptionsValidator]
internal sealed partial class PurchaseConsumerOptionsValidator : IValidateOptions<PurchaseConsumerOptions>;

[OptionsValidator]
internal sealed partial class PurchasesApiOptionsValidator : IValidateOptions<PurchasesApiOptions>;
