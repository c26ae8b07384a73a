-- One database per PostgreSQL-backed subgraph.
CREATE DATABASE accounts;
CREATE DATABASE scheduling;
\connect scheduling
CREATE EXTENSION IF NOT EXISTS btree_gist;
