using BuyList.ServiceDefaults.Hosting;

namespace BuyList.ServiceDefaults;

// The ServiceDefaults' options, checked by generated code (AddValidatedOptions).
[OptionsValidator]
internal sealed partial class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>;

[OptionsValidator]
internal sealed partial class OperationsOptionsValidator : IValidateOptions<OperationsOptions>;
