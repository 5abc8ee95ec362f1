// The namespaces most of this project's files use (as dotnet/eShop does); a file adds its own.
global using System.Globalization;
global using System.Text.Json;
global using System.Text.Json.Serialization;
global using Microsoft.AspNetCore.Http;
global using Microsoft.OpenApi;
global using static System.FormattableString;
