extern alias web;

namespace BuyList.Tests.Infrastructure;

/// <summary>The Web in-process from its own entry point, with <paramref name="settings"/> on top of its appsettings.json.</summary>
public sealed class WebFactory(IReadOnlyDictionary<string, string> settings) : ServiceFactory<web::Program>(settings);
