{{/*
What each subgraph reads from its environment (docs/configuration.md, "Stores"):
{root: ., name: "accounts"}. The store URLs and passwords come from Secrets.
*/}}
{{- define "tp.storeEnv" -}}
{{- $root := .root -}}
{{- $refs := $root.Values.secretRefs -}}
{{- $s := index $root.Values.subgraphs .name -}}
{{- if eq .name "accounts" }}
{{ include "tp.secretEnv" (dict "root" $root "env" "ACCOUNTS_DATABASE_URL" "ref" $refs.accountsDatabaseUrl) }}
{{- else if eq .name "scheduling" }}
{{ include "tp.secretEnv" (dict "root" $root "env" "SCHEDULING_DATABASE_URL" "ref" $refs.schedulingDatabaseUrl) }}
{{- else if eq .name "payments" }}
{{ include "tp.secretEnv" (dict "root" $root "env" "PAYMENTS_DATABASE_URL" "ref" $refs.paymentsDatabaseUrl) }}
{{- else if eq .name "learning" }}
{{ include "tp.secretEnv" (dict "root" $root "env" "LEARNING_DATABASE_URL" "ref" $refs.learningDatabaseUrl) }}
{{- else if eq .name "tutors" }}
- name: TUTORS_NEO4J_URL
  value: {{ required "subgraphs.tutors.neo4j.url" $s.neo4j.url | quote }}
{{- with $s.neo4j.user }}
- name: TUTORS_NEO4J_USER
  value: {{ . | quote }}
{{ include "tp.secretEnv" (dict "root" $root "env" "TUTORS_NEO4J_PASSWORD" "ref" $refs.tutorsNeo4jPassword) }}
{{- end }}
{{- else if eq .name "reviews" }}
{{ include "tp.secretEnv" (dict "root" $root "env" "REVIEWS_MONGO_URL" "ref" $refs.reviewsMongoUrl) }}
- name: REVIEWS_MONGO_DATABASE
  value: {{ $s.mongo.database | quote }}
{{- end }}
{{- end -}}

{{/* The whole environment of a serving subgraph: its store, the identity secrets, the others
it calls (as `task up` links them: shared/launcher/platform.py), payments' Stripe account. */}}
{{- define "tp.subgraphEnv" -}}
{{- $root := .root -}}
{{- $refs := $root.Values.secretRefs -}}
{{- $s := index $root.Values.subgraphs .name -}}
{{- include "tp.storeEnv" . }}
{{ include "tp.secretEnv" (dict "root" $root "env" "GATEWAY_SHARED_SECRET" "ref" $refs.gatewaySharedSecret) }}
{{- if has .name (list "scheduling" "payments" "learning") }}
# Signs and verifies what subgraphs hand each other (quotes, payment receipts, cancellations).
{{ include "tp.secretEnv" (dict "root" $root "env" "PLATFORM_SIGNING_SECRET" "ref" $refs.platformSigningSecret) }}
{{- end }}
{{- if eq .name "accounts" }}
{{ include "tp.secretEnv" (dict "root" $root "env" "JWT_SECRET" "ref" $refs.jwtSecret) }}
{{- if $s.mailClaim }}
- name: ACCOUNTS_MAIL_DIR
  value: /var/mail/tutorgraph
{{- end }}
{{- end }}
{{- $peers := $root.Values.subgraphs }}
{{- if eq .name "reviews" }}
# Reviews asks scheduling whether a student had a lesson with the tutor (decision 0006), and
# learning whether a student may review a course (decision 0012).
- name: REVIEWS_SCHEDULING_URL
  value: {{ include "tp.subgraphUrl" (dict "root" $root "component" "scheduling" "port" $peers.scheduling.port) | quote }}
- name: REVIEWS_LEARNING_URL
  value: {{ include "tp.subgraphUrl" (dict "root" $root "component" "learning" "port" $peers.learning.port) | quote }}
{{- end }}
{{- if eq .name "scheduling" }}
# Cancellations of paid bookings go to payments for their refund.
- name: SCHEDULING_PAYMENTS_URL
  value: {{ include "tp.subgraphUrl" (dict "root" $root "component" "payments" "port" $peers.payments.port) | quote }}
{{- end }}
{{- if eq .name "payments" }}
{{ include "tp.secretEnv" (dict "root" $root "env" "PAYMENTS_STRIPE_API_KEY" "ref" $refs.paymentsStripeApiKey) }}
{{ include "tp.secretEnv" (dict "root" $root "env" "PAYMENTS_STRIPE_WEBHOOK_SECRET" "ref" $refs.paymentsStripeWebhookSecret) }}
{{- with $s.stripe.apiBase }}
- name: PAYMENTS_STRIPE_API_BASE
  value: {{ . | quote }}
{{- end }}
# Receipts go to the owner of what was paid for: bookings and enrollments.
- name: PAYMENTS_SCHEDULING_URL
  value: {{ include "tp.subgraphUrl" (dict "root" $root "component" "scheduling" "port" $peers.scheduling.port) | quote }}
- name: PAYMENTS_LEARNING_URL
  value: {{ include "tp.subgraphUrl" (dict "root" $root "component" "learning" "port" $peers.learning.port) | quote }}
{{- end }}
{{- with $s.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
