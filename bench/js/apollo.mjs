// Apollo Gateway (@apollo/gateway + @apollo/server standalone) on PORT over SUPERGRAPH.
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloGateway } from "@apollo/gateway";

const supergraphSdl = readFileSync(process.env.SUPERGRAPH, "utf8");
const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PORT) },
});
console.log(`apollo gateway ready at ${url}`);
