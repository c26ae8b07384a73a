-- One database per PostgreSQL-backed subgraph, and the schema registry's.
CREATE DATABASE accounts;
CREATE DATABASE scheduling;
CREATE DATABASE payments;
CREATE DATABASE learning;
CREATE DATABASE registry;
\connect scheduling
CREATE EXTENSION IF NOT EXISTS btree_gist;
