// Decap CMS's own front matter reader and writer (decap-cms-core's frontmatterYAML, as
// the editor in the browser uses them), so the tests read exactly what the CMS commits.
//   node decap_format.mjs ROOT write '[field order]'  < entries (JSON list of {field: value, body})
//   node decap_format.mjs ROOT resave '[field order]' < file texts (JSON list): each opened and saved
// Output: JSON list of file texts. Decap's ESM build imports without file extensions (its
// bundler resolves them); the hook below adds ".js" the same way.
import { register } from "node:module";
import { pathToFileURL } from "node:url";

const hooks = `
export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); }
  catch (error) {
    if (error.code !== "ERR_MODULE_NOT_FOUND" && error.code !== "ERR_UNSUPPORTED_DIR_IMPORT") throw error;
    for (const suffix of [".js", "/index.js"]) {
      try { return await next(specifier + suffix, context); } catch {}
    }
    throw error;
  }
}`;
register("data:text/javascript," + encodeURIComponent(hooks), pathToFileURL("./"));

const root = process.argv[2];
const { frontmatterYAML } = await import(pathToFileURL(`${root}/node_modules/decap-cms-core/dist/esm/formats/frontmatter.js`).href);
const formatter = frontmatterYAML();
let input = "";
for await (const chunk of process.stdin) input += chunk;
const entries = JSON.parse(input);
const mode = process.argv[3];
const fieldOrder = JSON.parse(process.argv[4] || "[]");
const entry = (item) => (mode === "resave" ? formatter.fromFile(item) : item);
process.stdout.write(JSON.stringify(entries.map((item) => formatter.toFile(entry(item), fieldOrder))));
