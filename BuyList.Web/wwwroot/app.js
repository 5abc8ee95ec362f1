// Called once by the page (BrowserTimeZone.cs): the server renders, so it asks the browser which clock to show times in.
window.buyList = {
  browserClock: () => ({
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? null,
    offsetMinutes: -new Date().getTimezoneOffset(),
  }),
};

// The error bar's dismiss button (the bar itself is shown by Blazor).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.matches("#blazor-error-ui .dismiss")) {
    document.getElementById("blazor-error-ui").style.display = "none";
  }
});
