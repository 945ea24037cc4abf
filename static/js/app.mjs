// The site's script, loaded as a module from templates/base.html (no inline script: the
// Content-Security-Policy allows only same-origin files; js-enabled.js sets the body's classes).
import { initAll } from "../build/govuk-frontend.min.js";
import { initAutocompletes } from "./autocomplete.js";
import { initLanguageFields } from "./language-fields.js";
import { initWordCounts } from "./word-count.js";

initAll();
initWordCounts();
initAutocompletes();
initLanguageFields();
