// A @defer query answered as multipart/mixed, read with meros (the parser GraphiQL and urql use).
// Usage: node meros-defer.mjs <http-url> '{"query"}'
import { meros } from "meros/browser";

const [url, raw] = process.argv.slice(2);
const { query } = JSON.parse(raw);

const response = await fetch(url, {
  method: "POST",
  headers: {
    "content-type": "application/json",
    accept: "multipart/mixed;deferSpec=20220824, application/json",
  },
  body: JSON.stringify({ query }),
});
const parts = await meros(response);
const payloads = [];
if (parts[Symbol.asyncIterator]) {
  for await (const part of parts) payloads.push(part.json ? part.body : { text: part.body });
}
console.log(
  JSON.stringify({ contentType: response.headers.get("content-type"), payloads }),
);
