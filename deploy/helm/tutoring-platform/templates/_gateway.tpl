{{/*
The gateway's configuration file: gateway.config, with the keys the chart owns set on top.
*/}}
{{- define "tp.gatewayConfig" -}}
{{- $g := .Values.gateway -}}
{{- $config := deepCopy (default dict $g.config) -}}
{{- $server := deepCopy (default dict $config.server) -}}
{{- $_ := set $server "host" "0.0.0.0" -}}
{{- $_ := set $server "port" (int $g.port) -}}
{{- $_ := set $server "workers" (int $g.workers) -}}
{{- $_ := set $server "shutdown_grace_seconds" $g.shutdownGraceSeconds -}}
{{- $_ := set $config "server" $server -}}
{{- $registry := dict
      "url" (include "tp.registryUrl" .)
      "graph" $g.supergraph.graph
      "variant" $g.supergraph.variant
      "token_env" "GATEWAY_REGISTRY_TOKEN"
      "poll_seconds" $g.supergraph.pollSeconds
      "cache_file" (printf "/var/cache/tutorgraph/%s@%s.graphql" $g.supergraph.graph $g.supergraph.variant) -}}
{{- $_ := set $config "supergraph" (dict "registry" $registry) -}}
{{- $subgraphs := deepCopy (default dict $config.subgraphs) -}}
{{- $urls := deepCopy (default dict $subgraphs.urls) -}}
{{- range $name, $s := .Values.subgraphs -}}
{{- $_ := set $urls $name (include "tp.subgraphUrl" (dict "root" $ "component" $name "port" $s.port)) -}}
{{- end -}}
{{- $_ := set $subgraphs "urls" $urls -}}
{{- $_ := set $config "subgraphs" $subgraphs -}}
{{- $pq := deepCopy (default dict (index $config "persisted_queries")) -}}
{{- $_ := set $pq "store" (ternary "redis" "memory" (and .Values.redis.enabled .Values.redis.apq)) -}}
{{- $_ := set $pq "redis_url_env" "GATEWAY_APQ_REDIS_URL" -}}
{{- $_ := set $config "persisted_queries" $pq -}}
{{- $rl := deepCopy (default dict (index $config "rate_limits")) -}}
{{- $_ := set $rl "store" (ternary "redis" "memory" (and .Values.redis.enabled .Values.redis.rateLimits)) -}}
{{- $_ := set $rl "redis_url_env" "GATEWAY_RATE_LIMIT_REDIS_URL" -}}
{{- $_ := set $config "rate_limits" $rl -}}
{{- $auth := deepCopy (default dict $config.auth) -}}
{{- $_ := set $auth "hs256_secret_env" "JWT_SECRET" -}}
{{- $_ := set $auth "subgraph_secret_env" "GATEWAY_SHARED_SECRET" -}}
{{- if $g.auth.jwks.existingName -}}
{{- $_ := set $auth "jwks_file" (printf "/etc/tutorgraph/jwks/%s" $g.auth.jwks.key) -}}
{{- end -}}
{{- $_ := set $config "auth" $auth -}}
{{- toYaml $config -}}
{{- end -}}
