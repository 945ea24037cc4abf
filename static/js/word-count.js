// The browser twin of casestudies/words.py, and the live word count for textareas.
//
// A word is a maximal run of characters that are not white space, where white space is
// the union of JavaScript's \s and Python's str.split(): \s plus U+001C–U+001F and U+0085.
// tests/test_words.py and tests/browser/test_word_count_browser.py hold the two to the
// same answers on every input.
//
// The component: a textarea marked
//   <textarea data-module="ccin-word-count" data-min-words="50" data-max-words="75">
// inside a .govuk-form-group gets a count below it as the user types, styled like the
// GOV.UK character count. Sighted users see it change at once; screen reader users hear a
// polite summary once typing pauses, not on every keystroke. Without JavaScript the hint
// from templates/includes/_word_count.html ("Write between 50 and 75 words") stays.

const WORD = /[^\s\u001c-\u001f\u0085]+/gu;

/** The number of words in `text`, exactly as casestudies.words.count_words counts them. */
export function countWords(text) {
  if (!text) return 0;
  let count = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) count += 1;
  return count;
}

/** Milliseconds of quiet after the last keystroke before the live region is updated. */
export const ANNOUNCE_DELAY = 1000;

// English wording; templates/includes/_word_count.html passes translated wording in
// data-* attributes on the container, so Welsh pages speak Welsh.
const DEFAULT_WORDING = {
  writtenOne: "You have written %(count)s word.",
  writtenOther: "You have written %(count)s words.",
  overOne: "That is %(count)s word too many.",
  overOther: "That is %(count)s words too many.",
  between: "Write between %(min)s and %(max)s.",
  upTo: "Write up to %(max)s.",
  atLeast: "Write at least %(min)s.",
};

function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function readLimit(value) {
  if (value === undefined || value === "") return null;
  const number = Number.parseInt(value, 10);
  return Number.isFinite(number) && number >= 0 ? number : null;
}

/** What the message says for `count` words, and whether it is over the limit. */
export function wordCountMessage(count, min, max, wording = DEFAULT_WORDING) {
  const w = { ...DEFAULT_WORDING, ...wording };
  const written = fill(count === 1 ? w.writtenOne : w.writtenOther, { count });
  if (max !== null && count > max) {
    const over = count - max;
    return { text: `${written} ${fill(over === 1 ? w.overOne : w.overOther, { count: over })}`, isError: true };
  }
  let range = "";
  if (min !== null && max !== null) range = fill(w.between, { min, max });
  else if (max !== null) range = fill(w.upTo, { max });
  else if (min !== null) range = fill(w.atLeast, { min });
  return { text: range ? `${written} ${range}` : written, isError: false };
}

function readWording(element) {
  const wording = {};
  if (!element) return wording;
  for (const key of Object.keys(DEFAULT_WORDING)) {
    if (element.dataset[key]) wording[key] = element.dataset[key];
  }
  return wording;
}

export class WordCount {
  constructor(textarea) {
    this.textarea = textarea;
    this.min = readLimit(textarea.dataset.minWords);
    this.max = readLimit(textarea.dataset.maxWords);
    this.timer = null;

    // The container and no-JS hint come from _word_count.html. The hint stays as the
    // textarea's description (aria-describedby), read when the field is focused; sighted
    // users see the live message instead.
    const id = textarea.id;
    this.container = id ? document.querySelector(`[data-word-count-for="${CSS.escape(id)}"]`) : null;
    this.hint = id ? document.getElementById(`${id}-word-count`) : null;
    this.wording = readWording(this.container);
    if (this.hint) this.hint.classList.add("govuk-visually-hidden");

    this.visible = document.createElement("div");
    this.visible.className = "govuk-hint ccin-word-count__message";
    this.visible.setAttribute("aria-hidden", "true");
    this.visible.dataset.wordCountMessage = "";

    this.status = document.createElement("div");
    this.status.className = "ccin-word-count__status";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.status.dataset.wordCountStatus = "";

    if (this.container) {
      this.container.append(this.visible, this.status);
    } else {
      textarea.after(this.visible, this.status);
    }

    textarea.addEventListener("input", () => this.onInput());
    this.render();
  }

  onInput() {
    this.render();
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.announce(), ANNOUNCE_DELAY);
  }

  message() {
    return wordCountMessage(countWords(this.textarea.value), this.min, this.max, this.wording);
  }

  render() {
    const { text, isError } = this.message();
    this.visible.textContent = text;
    this.visible.classList.toggle("govuk-hint", !isError);
    this.visible.classList.toggle("govuk-error-message", isError);
    this.textarea.classList.toggle("ccin-textarea--over", isError);
  }

  announce() {
    this.status.textContent = this.message().text;
  }
}

/** Start a word count on every marked textarea under `scope` (once each). */
export function initWordCounts(scope = document) {
  const counts = [];
  for (const textarea of scope.querySelectorAll('textarea[data-module="ccin-word-count"]')) {
    if (textarea.dataset.wordCountInit) continue;
    textarea.dataset.wordCountInit = "true";
    counts.push(new WordCount(textarea));
  }
  return counts;
}
