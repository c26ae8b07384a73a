// graphql-ws against the gateway: `subscribe` collects a subscription's results to its end;
// `resubscribe` keeps one open until the client has subscribed again on a second connection.
// Usage: node graphql-ws.mjs <ws-url> '{"mode", "query", "token"?, "after"?}'
import { createClient } from "graphql-ws";

const [url, raw] = process.argv.slice(2);
const options = JSON.parse(raw);
const closes = [];
let connections = 0;

const client = createClient({
  url,
  connectionParams: options.token ? { Authorization: `Bearer ${options.token}` } : {},
  lazy: true,
  retryAttempts: 5,
  retryWait: () => new Promise((resolve) => setTimeout(resolve, 200)),
  on: {
    connected: () => {
      connections += 1;
    },
    closed: (event) => {
      if (event && typeof event.code === "number") closes.push(event.code);
    },
  },
});

async function collect() {
  const results = [];
  let error = null;
  try {
    for await (const result of client.iterate({ query: options.query })) {
      results.push(result);
    }
  } catch (failure) {
    error = Array.isArray(failure) ? failure : { code: failure?.code, reason: failure?.reason };
  }
  return { results, error };
}

async function resubscribe() {
  // Results per connection: the gateway closes the first with 1012 on a new supergraph and the
  // client subscribes again by itself.
  const perConnection = {};
  for await (const result of client.iterate({ query: options.query })) {
    perConnection[connections] = (perConnection[connections] ?? 0) + 1;
    if (connections === 1 && perConnection[1] === 1) console.log(JSON.stringify({ ready: true }));
    if (connections >= 2 && perConnection[connections] >= options.after) break;
  }
  return { perConnection };
}

const outcome = options.mode === "resubscribe" ? await resubscribe() : await collect();
await client.dispose();
console.log(JSON.stringify({ ...outcome, connections, closes }));
