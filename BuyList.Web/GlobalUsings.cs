// The namespaces several of this project's files use (see DEVELOPERS.md); a file adds the ones only it needs.
global using System.ComponentModel.DataAnnotations;
global using BuyList.Contracts;
global using BuyList.ServiceDefaults;
global using BuyList.Web.FacingApi;
global using BuyList.Web.Listing;
global using Microsoft.Extensions.Options;
global using Microsoft.JSInterop;
global using static System.FormattableString;
