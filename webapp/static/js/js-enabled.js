// Marks the page as scripted before it paints, as GOV.UK Frontend expects (no inline script: CSP).
document.documentElement.className += ' app-js';
document.addEventListener('DOMContentLoaded', function () {
  document.body.className += ' js-enabled' +
    ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
});
