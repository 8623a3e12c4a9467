#!/bin/sh
# Starts Grafana for one pipeline: refuses to start on a missing or unsafe setting (a task that
# exits with a clear log line beats a dashboard that silently shows nothing), renders the
# dashboards for this pipeline, then hands over to the stock Grafana entrypoint.
#
# Grafana expands the environment in provisioning files but not inside dashboard JSON, so the
# dashboards carry @@NAME@@ placeholders (in hidden constant variables and the title) that this script
# replaces. Only the names listed in DIMENSIONS below are substituted: a dashboard can never pull
# a secret out of the environment.
set -eu

TEMPLATES_DIR="${DP_DASHBOARD_TEMPLATES:-/usr/share/datapipeline/dashboards}"
DASHBOARD_DIR="${DP_DASHBOARD_DIR:-/var/lib/grafana/datapipeline-dashboards}"
GRAFANA_RUN="${DP_GRAFANA_RUN:-/run.sh}"

fail() {
  echo "datapipeline-grafana: $*" >&2
  exit 64
}

value_of() {
  eval "printf '%s' \"\${$1:-}\""
}

require() {
  [ -n "$(value_of "$1")" ] || fail "environment variable $1 is required: $2"
}

# Letters, digits and . _ / : - only: enough for every AWS name and ARN-derived dimension, and
# nothing that could break out of a JSON string or a sed replacement.
require_name() {
  require "$1" "$2"
  case "$(value_of "$1")" in
    *[!A-Za-z0-9._/:-]*) fail "environment variable $1 has a character outside [A-Za-z0-9._/:-]: $2" ;;
  esac
}

# --- Grafana itself -------------------------------------------------------------------------
require GF_SECURITY_ADMIN_PASSWORD "the admin password, injected from Secrets Manager"
[ "$GF_SECURITY_ADMIN_PASSWORD" != "admin" ] || fail "GF_SECURITY_ADMIN_PASSWORD must not be Grafana's default"
require GF_SERVER_ROOT_URL "the URL users open (the ALB's), so redirects and links are right"
case "$GF_SERVER_ROOT_URL" in
  https://*)
    # Served over TLS by the ALB: cookies never over plain HTTP, browsers told to stay on HTTPS.
    export GF_SECURITY_COOKIE_SECURE="${GF_SECURITY_COOKIE_SECURE:-true}"
    export GF_SECURITY_STRICT_TRANSPORT_SECURITY="${GF_SECURITY_STRICT_TRANSPORT_SECURITY:-true}"
    ;;
  http://*) ;;
  *) fail "GF_SERVER_ROOT_URL must start with http:// or https://, got '$GF_SERVER_ROOT_URL'" ;;
esac

# --- Datasources (read by provisioning/datasources/datapipeline.yaml) -----------------------
require_name AWS_REGION "the pipeline's region, for CloudWatch"
require_name DB_HOST "the RDS endpoint address"
export DB_PORT="${DB_PORT:-5432}"
export DB_NAME="${DB_NAME:-datapipeline}"
export DB_SSL_MODE="${DB_SSL_MODE:-verify-full}"
case "$DB_SSL_MODE" in
  verify-full | verify-ca | require | disable) ;;
  *) fail "DB_SSL_MODE must be verify-full, verify-ca, require or disable, got '$DB_SSL_MODE'" ;;
esac
export DB_READER_USER="${DB_READER_USER:-grafana_reader}"
# Grafana runs whatever SQL a viewer types: only the converter's SELECT-only role may log in.
[ "$DB_READER_USER" = "grafana_reader" ] || fail "DB_READER_USER must be the read-only role grafana_reader, got '$DB_READER_USER'"
require DB_READER_PASSWORD "the grafana_reader password, injected from Secrets Manager"
case "$DB_PORT" in *[!0-9]*) fail "DB_PORT must be a number, got '$DB_PORT'" ;; esac

# --- Dashboard dimensions (substituted into the dashboards) ---------------------------------
# The RDS instance identifier is the first label of its endpoint address unless given.
export DB_INSTANCE_ID="${DB_INSTANCE_ID:-${DB_HOST%%.*}}"
DIMENSIONS="PIPELINE DB_TABLE DB_INSTANCE_ID DYNAMODB_TABLE CONVERTER_FUNCTION_NAME FAILURE_QUEUE_NAME ECS_CLUSTER_NAME ECS_SERVICE_NAME ALB_FULL_NAME TARGET_GROUP_FULL_NAME"
require_name PIPELINE "<namespace>/<name>, the converter's metric dimension"
require_name DB_TABLE "the pipeline's PostgreSQL data table"
case "$DB_TABLE" in
  [a-z]*) ;;
  *) fail "DB_TABLE must be a lower-case SQL identifier starting with a letter (as the converter requires), got '$DB_TABLE'" ;;
esac
case "$DB_TABLE" in *[!a-z0-9_]*) fail "DB_TABLE must be a lower-case SQL identifier starting with a letter (as the converter requires), got '$DB_TABLE'" ;; esac
require_name DB_INSTANCE_ID "the RDS DB instance identifier"
require_name DYNAMODB_TABLE "the pipeline's DynamoDB table"
require_name CONVERTER_FUNCTION_NAME "the converter Lambda's function name"
require_name FAILURE_QUEUE_NAME "the converter's on-failure SQS queue name"
require_name ECS_CLUSTER_NAME "the dashboard's ECS cluster"
require_name ECS_SERVICE_NAME "the dashboard's ECS service"
require_name ALB_FULL_NAME "the ALB's LoadBalancerFullName (app/<name>/<id>)"
require_name TARGET_GROUP_FULL_NAME "the target group's TargetGroupFullName (targetgroup/<name>/<id>)"

render_dashboards() {
  script=""
  for name in $DIMENSIONS; do
    script="${script}s|@@${name}@@|$(value_of "$name")|g;"
  done
  mkdir -p "$DASHBOARD_DIR"
  found=0
  for template in "$TEMPLATES_DIR"/*.json; do
    [ -f "$template" ] || continue
    found=1
    target="$DASHBOARD_DIR/$(basename "$template")"
    sed -e "$script" "$template" > "$target.tmp"
    if grep -o '@@[A-Za-z0-9_]*@@' "$target.tmp" > /dev/null; then
      left=$(grep -o '@@[A-Za-z0-9_]*@@' "$target.tmp" | sort -u | tr '\n' ' ')
      rm -f "$target.tmp"
      fail "$(basename "$template") has placeholders no setting fills: $left"
    fi
    mv "$target.tmp" "$target"
  done
  [ "$found" = 1 ] || fail "no dashboard templates in $TEMPLATES_DIR"
}

render_dashboards
echo "datapipeline-grafana: dashboards rendered for pipeline $PIPELINE into $DASHBOARD_DIR" >&2
exec "$GRAFANA_RUN" "$@"
