// The namespaces several of this project's files use (see DEVELOPERS.md); a file adds the ones only it needs.
global using System.Diagnostics.CodeAnalysis;
global using System.Globalization;
global using Confluent.Kafka;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Hosting;
global using Microsoft.AspNetCore.Http;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Diagnostics.HealthChecks;
global using Microsoft.Extensions.Hosting;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Options;
