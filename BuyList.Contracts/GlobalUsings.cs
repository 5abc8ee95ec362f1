// The namespaces several of this project's files use (see DEVELOPERS.md); a file adds the ones only it needs.
global using System.Globalization;
global using System.Text.Json;
global using System.Text.Json.Serialization;
global using Microsoft.AspNetCore.Http;
global using Microsoft.OpenApi;
global using static System.FormattableString;
