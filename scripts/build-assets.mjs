// Build the front-end assets into static/build/ (gitignored): `npm run build`.
//
// - static/scss/ccin.scss  -> static/build/ccin.css (compressed)
// - GOV.UK Frontend's JavaScript -> static/build/govuk-frontend.min.js
// - the GOV.UK Frontend images our CSS refers to -> static/build/govuk/assets/images/
//   (not the GDS Transport fonts, not the crown or crest, not the GOV.UK icons)
//
// Plain Node (no shell cp), so it runs the same on Linux, macOS and Windows.

import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const nodeModules = join(root, "node_modules");
const govuk = join(nodeModules, "govuk-frontend", "dist", "govuk");
const out = join(root, "static", "build");

// Images under assets/images that may be copied: anything but the Royal crest, crown
// icons and favicons, which belong to GOV.UK and are not ours to use.
const EXCLUDED_IMAGE = /crest|crown|govuk-icon|favicon|opengraph/i;

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// ccin.scss sets $govuk-image-url-function: "ccin-image-url", so every image GOV.UK Frontend's
// CSS asks for comes through here. An image we do not ship becomes `none`, so the CSS never
// points at a missing file (Django's manifest storage refuses to collect CSS that does).
const imagesUrl = "/static/build/govuk/assets/images/";
function ccinImageUrl([filename]) {
  const name = filename.assertString("filename").text;
  if (EXCLUDED_IMAGE.test(name)) return new sass.SassString("none", { quotes: false });
  return new sass.SassString(`url("${imagesUrl}${name}")`, { quotes: false });
}

const result = sass.compile(join(root, "static", "scss", "ccin.scss"), {
  style: "compressed",
  loadPaths: [nodeModules],
  // GOV.UK Frontend 5 still uses @import and global built-in functions: quiet its warnings.
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"].filter((id) => id in sass.deprecations),
  functions: { "ccin-image-url($filename)": ccinImageUrl },
});
writeFileSync(join(out, "ccin.css"), result.css + "\n");

copy(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// Source maps go too: the files name them, and Django's manifest storage refuses a missing one.
for (const name of ["govuk-frontend.min.js.map"]) {
  if (existsSync(join(govuk, name))) copy(join(govuk, name), join(out, name));
}

// GOV.UK's accessible autocomplete, for the searchable council list (the <select> works without it).
const autocomplete = join(nodeModules, "accessible-autocomplete", "dist");
copy(join(autocomplete, "accessible-autocomplete.min.js"), join(out, "accessible-autocomplete.min.js"));
copy(join(autocomplete, "accessible-autocomplete.min.css"), join(out, "accessible-autocomplete.min.css"));
for (const name of ["accessible-autocomplete.min.js.map", "accessible-autocomplete.min.css.map"]) {
  copy(join(autocomplete, name), join(out, name));
}

const images = join(govuk, "assets", "images");
let copied = 0;
if (existsSync(images)) {
  for (const name of readdirSync(images)) {
    if (EXCLUDED_IMAGE.test(name)) continue;
    copy(join(images, name), join(out, "govuk", "assets", "images", name));
    copied += 1;
  }
}

console.log(`Built static/build/ccin.css (${result.css.length} bytes), govuk-frontend.min.js, accessible-autocomplete, ${copied} image(s).`);
