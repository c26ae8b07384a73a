// Compose each scenario's subgraphs with the reference composers installed outside the repository:
// @apollo/composition (APOLLO_COMPOSER_DIR) writes the supergraph, and
// @theguild/federation-composition (GUILD_COMPOSER_DIR) must accept the subgraphs too.
// stdin: {"<scenario>": [{"name", "url", "sdl"}]}
// stdout: {"<scenario>": {"supergraph"} | {"errors"}}.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";

function load(dir, name) {
  return createRequire(join(dir, "index.js"))(name);
}
const apolloDir = process.env.APOLLO_COMPOSER_DIR ?? "/work/audit/federation-gateway-audit";
const guildDir = process.env.GUILD_COMPOSER_DIR ?? "/work/audit/composer";
const composers = {
  apollo: [load(apolloDir, "@apollo/composition").composeServices, load(apolloDir, "graphql").parse],
  guild: [load(guildDir, "@theguild/federation-composition").composeServices, load(guildDir, "graphql").parse],
};

const input = JSON.parse(readFileSync(0, "utf8"));
const output = {};
for (const [scenario, subgraphs] of Object.entries(input)) {
  const errors = [];
  let supergraph;
  for (const [who, [compose, parse]] of Object.entries(composers)) {
    const result = compose(
      subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })),
    );
    if (result.errors?.length) {
      errors.push(...result.errors.map((e) => `${who}: ${e.message}`));
    } else if (who === "apollo") {
      supergraph = result.supergraphSdl;
    }
  }
  output[scenario] = errors.length ? { errors } : { supergraph };
}
process.stdout.write(JSON.stringify(output));
