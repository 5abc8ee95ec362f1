extern alias facing;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// Facing in-process from its own entry point, publishing to <paramref name="kafkaBootstrapServers"/>, with
/// <paramref name="settings"/> on top of its appsettings.json and <paramref name="services"/> replacing services.
/// </summary>
public sealed class FacingFactory(
    string kafkaBootstrapServers,
    IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null)
    : ServiceFactory<facing::Program>([new("ConnectionStrings:kafka", kafkaBootstrapServers), .. settings ?? new Dictionary<string, string>()], services);
