// Apollo Client's HttpLink against the gateway: a subscription over multipart HTTP, its results
// collected until it completes (or `take` of them, then unsubscribed).
// Usage: node apollo-multipart.mjs <http-url> '{"query", "token"?, "take"?}'
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";

const [url, raw] = process.argv.slice(2);
const options = JSON.parse(raw);

const client = new ApolloClient({
  link: new HttpLink({
    uri: url,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
  }),
  cache: new InMemoryCache(),
});

function describe(error) {
  return { name: error.name, errors: error.errors ?? null, message: error.message };
}

const outcome = await new Promise((resolve) => {
  const results = [];
  const subscription = client
    .subscribe({ query: gql(options.query), fetchPolicy: "no-cache" })
    .subscribe({
      next(result) {
        results.push(result.error ? { error: describe(result.error) } : { data: result.data });
        if (results.length === 1) console.log(JSON.stringify({ ready: true }));
        if (options.take && results.length >= options.take) {
          subscription.unsubscribe();
          resolve({ results, complete: false });
        }
      },
      error(error) {
        resolve({ results, failed: describe(error) });
      },
      complete() {
        resolve({ results, complete: true });
      },
    });
});
client.stop();
console.log(JSON.stringify(outcome));
