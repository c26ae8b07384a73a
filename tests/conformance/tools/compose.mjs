// Compose each scenario's subgraphs with @theguild/federation-composition (installed outside the
// repository; COMPOSER_DIR points at the folder holding its node_modules).
// stdin: {"<scenario>": [{"name", "url", "sdl"}]}; stdout: {"<scenario>": {"supergraph"} | {"errors"}}.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(join(process.env.COMPOSER_DIR ?? "/work/audit/composer", "index.js"));
const { composeServices } = require("@theguild/federation-composition");
const { parse } = require("graphql");

const input = JSON.parse(readFileSync(0, "utf8"));
const output = {};
for (const [scenario, subgraphs] of Object.entries(input)) {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })),
  );
  output[scenario] = result.errors?.length
    ? { errors: result.errors.map((e) => e.message) }
    : { supergraph: result.supergraphSdl };
}
process.stdout.write(JSON.stringify(output));
