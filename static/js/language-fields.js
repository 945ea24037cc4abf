// The case study form's language question (English / Cymraeg / Both) shows the texts the
// chosen language needs and hides the others, as GOV.UK radios reveal their conditional
// content. Without JavaScript every field stays on the page; what is typed in a hidden
// field is kept (it is still sent), so changing one's mind loses nothing.
//
//   <div data-module="ccin-language-fields">
//     <input type="radio" name="language" value="en-gb"> … value="cy" … value="both"
//   </div>
//   <div data-text-language="en-gb">…English fields…</div>
//   <div data-text-language="cy">…Welsh fields…</div>

const NEEDS = { "en-gb": ["en-gb"], cy: ["cy"], both: ["en-gb", "cy"] };

function update(form, radios) {
  const chosen = radios.find((radio) => radio.checked);
  const shown = chosen ? NEEDS[chosen.value] || [] : ["en-gb", "cy"];
  for (const group of form.querySelectorAll("[data-text-language]")) {
    group.hidden = !shown.includes(group.dataset.textLanguage);
  }
}

export function initLanguageFields(scope = document) {
  for (const question of scope.querySelectorAll('[data-module="ccin-language-fields"]')) {
    const form = question.closest("form") || document;
    const radios = Array.from(question.querySelectorAll('input[type="radio"][name="language"]'));
    if (!radios.length) continue;
    for (const radio of radios) {
      radio.addEventListener("change", () => update(form, radios));
    }
    update(form, radios);
  }
}
