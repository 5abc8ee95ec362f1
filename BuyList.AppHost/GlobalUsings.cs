// The namespaces several of this project's files use (see DEVELOPERS.md); a file adds the ones only it needs.
global using System.Globalization;
global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Logging;
