// Searchable council list: GOV.UK's accessible-autocomplete over a plain <select>.
// Without JavaScript (or if the library did not load) the <select> works as it is.

export function initAutocompletes(root = document) {
  const library = window.accessibleAutocomplete;
  if (!library || typeof library.enhanceSelectElement !== "function") return;
  for (const select of root.querySelectorAll('select[data-module="ccin-autocomplete"]')) {
    library.enhanceSelectElement({
      selectElement: select,
      defaultValue: "",
      showAllValues: true,
      tNoResults: () => select.dataset.noResults || "No council found: choose “My council is not listed”",
    });
  }
}
