// Hive Gateway on PORT over SUPERGRAPH, through its programmatic runtime and node:http.
// ROUTER_RUNTIME=1 plugs in @graphql-hive/router-runtime (the Rust query planner);
// DEDUP=1 turns on inbound in-flight request deduplication (off otherwise).
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { createGatewayRuntime } from "@graphql-hive/gateway";

const options = {
  supergraph: readFileSync(process.env.SUPERGRAPH, "utf8"),
  inboundInflightRequestDeduplication: process.env.DEDUP === "1",
  logging: "error",
};
if (process.env.ROUTER_RUNTIME === "1") {
  const { unifiedGraphHandler } = await import("@graphql-hive/router-runtime");
  options.unifiedGraphHandler = unifiedGraphHandler;
}
const gateway = createGatewayRuntime(options);
const server = createServer(gateway);
server.listen(Number(process.env.PORT), "127.0.0.1", () => {
  console.log(`hive gateway ready on ${process.env.PORT} (router-runtime=${process.env.ROUTER_RUNTIME === "1"}, dedup=${options.inboundInflightRequestDeduplication})`);
});
