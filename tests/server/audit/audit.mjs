// Runs graphql-http's GraphQL-over-HTTP server audit against the URL in argv[2] and prints
// every result as one JSON array: [{id, name, status, reason}], status "ok" | "notice" |
// "warn" | "error" (failed MAY, SHOULD, MUST).
//
// CSRF: the gateway refuses GETs and simple-content-type POSTs that carry none of its
// preflight headers (gateway/server/csrf.py). A well-behaved client sends one, so the audit
// does too: its fetch adds the header named in argv[3] to every request. The audit's own
// checks are unchanged; without the header only its GET probes would fail, by design.
import { auditServer } from 'graphql-http';

const [url, preflightHeader] = process.argv.slice(2);
if (!url || !preflightHeader) {
  console.error('usage: node audit.mjs <graphql url> <preflight header name>');
  process.exit(2);
}

function withPreflight(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set(preflightHeader, '1');
  return fetch(input, { ...init, headers });
}

const results = await auditServer({ url, fetchFn: withPreflight });
const report = results.map((result) => ({
  id: result.id,
  name: result.name,
  status: result.status,
  reason: result.status === 'ok' ? null : result.reason,
}));
process.stdout.write(JSON.stringify(report));
