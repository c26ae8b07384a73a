// graphql-sse (distinct connections mode) against the gateway: `collect` runs each operation to
// its end; `resubscribe` keeps a subscription until the client has connected again by itself.
// Usage: node graphql-sse.mjs <http-url> '{"mode", "operations": [query…], "token"?, "after"?}'
import { createClient } from "graphql-sse";

const [url, raw] = process.argv.slice(2);
const options = JSON.parse(raw);
let connections = 0;

const client = createClient({
  url,
  headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
  retryAttempts: 5,
  retry: () => new Promise((resolve) => setTimeout(resolve, 200)),
  on: {
    connected: () => {
      connections += 1;
    },
  },
});

async function collect(query) {
  const results = [];
  let error = null;
  try {
    for await (const result of client.iterate({ query })) results.push(result);
  } catch (failure) {
    error = String(failure);
  }
  return { results, error };
}

async function resubscribe(query) {
  const perConnection = {};
  for await (const result of client.iterate({ query })) {
    perConnection[connections] = (perConnection[connections] ?? 0) + 1;
    if (connections === 1 && perConnection[1] === 1) console.log(JSON.stringify({ ready: true }));
    if (connections >= 2 && perConnection[connections] >= options.after) break;
  }
  return { perConnection, connections };
}

let outcome;
if (options.mode === "resubscribe") {
  outcome = await resubscribe(options.operations[0]);
} else {
  outcome = { operations: [] };
  for (const query of options.operations) outcome.operations.push(await collect(query));
}
client.dispose();
console.log(JSON.stringify(outcome));
