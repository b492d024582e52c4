// Progressive enhancement only: every page works without this file.
import { initAll } from '../govuk/govuk-frontend.min.js';

if (!document.body.classList.contains('js-enabled')) {
  document.body.classList.add('js-enabled', 'govuk-frontend-supported');
}
initAll();

// Sorting applies as soon as a new order is chosen (the Apply button is there without JS).
for (const select of document.querySelectorAll('select[data-app-autosubmit]')) {
  select.addEventListener('change', () => select.form.submit());
}
