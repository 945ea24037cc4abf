// Searchable council list: GOV.UK's accessible-autocomplete over a plain <select>.
// Without JavaScript (or if the library did not load) the <select> works as it is, with
// "My council is not listed" as its last option and the council's name in the field after it.
//
// With JavaScript:
// - "My council is not listed" is always the last suggestion, so a name that matches no
//   council still offers it (by mouse, by the arrow keys and Enter, and to a screen reader,
//   which hears it as one of the results). It reads "My council is not listed: send “…”".
// - Choosing it copies the typed name into the name field (if that is empty), so nothing
//   typed is lost.
// - What is typed is sent as "council_query", so that if Continue is pressed before a choice
//   the server can say so and give the text back (the <select> carries it in data-typed).
// - Leaving the box with text that is no council's name clears the <select>, rather than
//   sending a council chosen earlier.

const NOT_LISTED = "not-listed";

function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

function sameText(a, b) {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function fillIn(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** accessible-autocomplete's t* options from data-status-* attributes (Welsh plurals by Intl.PluralRules). */
export function statusMessages(data, language = document.documentElement.lang || "en") {
  const messages = {};
  if (data.statusQueryTooShort) messages.tStatusQueryTooShort = (count) => fillIn(data.statusQueryTooShort, { count });
  if (data.statusNoResults) messages.tStatusNoResults = () => data.statusNoResults;
  if (data.statusSelectedOption) {
    messages.tStatusSelectedOption = (option, count, index) =>
      fillIn(data.statusSelectedOption, { option, count, position: index + 1 });
  }
  if (data.statusResultsOther) {
    const rules = new Intl.PluralRules(language);
    messages.tStatusResults = (count, selected) => {
      const key = `statusResults${rules.select(count).replace(/^./, (c) => c.toUpperCase())}`;
      return `${fillIn(data[key] || data.statusResultsOther, { count })} ${selected}`.trim();
    };
  }
  if (data.assistiveHint) messages.tAssistiveHint = () => data.assistiveHint;
  return messages;
}

export function enhanceCouncilSelect(library, select) {
  const options = [...select.options].filter((option) => option.value);
  const notListed = options.find((option) => option.value === NOT_LISTED);
  const listed = options.filter((option) => option !== notListed);
  const notListedText = notListed ? notListed.textContent : "";
  const nameInput = select.dataset.nameInput ? document.getElementById(select.dataset.nameInput) : null;
  let typed = select.value ? "" : select.dataset.typed || "";

  const isNotListed = (value) => notListed && value === notListedText;
  const unknownName = () => (typed.trim() && !isNotListed(typed) ? typed.trim() : "");

  library.enhanceSelectElement({
    selectElement: select,
    defaultValue: select.value ? undefined : typed,
    name: "council_query",
    showAllValues: true,
    source: (query, populate) => {
      typed = query;
      const found = listed
        .map((option) => option.textContent)
        .filter((text) => text.toLowerCase().includes(query.trim().toLowerCase()));
      populate(notListed ? [...found, notListedText] : found);
    },
    templates: {
      inputValue: (value) => value || "",
      suggestion: (value) => {
        if (isNotListed(value) && unknownName()) {
          return escapeHtml((select.dataset.notListedWithName || "{name}").replace("{name}", unknownName()));
        }
        return escapeHtml(value || "");
      },
    },
    onConfirm: (chosen) => {
      if (chosen === undefined) {
        // Left without choosing: keep the <select> in step with the text in the box.
        const exact = options.find((option) => sameText(option.textContent, typed));
        select.value = exact ? exact.value : "";
        return;
      }
      const option = options.find((candidate) => candidate.textContent === chosen);
      select.value = option ? option.value : "";
      const name = unknownName();
      if (option === notListed && nameInput && !nameInput.value.trim() && name) {
        nameInput.value = name;
      }
      typed = chosen; // what the box now shows
    },
    tNoResults: () => select.dataset.noResults || "No council found",
    // The announcements in the page's language, from the form (casestudies/forms.py); the
    // library's English where a page gives none.
    ...statusMessages(select.dataset),
  });
}

export function initAutocompletes(root = document) {
  const library = window.accessibleAutocomplete;
  if (!library || typeof library.enhanceSelectElement !== "function") return;
  for (const select of root.querySelectorAll('select[data-module="ccin-autocomplete"]')) {
    enhanceCouncilSelect(library, select);
  }
}
