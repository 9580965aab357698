#!/usr/bin/env bash
# Starts tandem-app and the three sample services from the jars the build produced, each logging to
# samples/logs/<name>.log; Ctrl-C stops them all. Build first, from the repository's root:
#   ./mvnw -B -ntp -q package -DskipTests -pl samples/accounts,samples/ledger,samples/notifications,tandem-app -am
# Without SPRING_DATASOURCE_URL the services keep their data in in-memory H2 databases; to use PostgreSQL, create one
# schema per service and export SAMPLES_POSTGRES_URL (e.g. jdbc:postgresql://127.0.0.1:5432/test) and
# SPRING_DATASOURCE_USERNAME: each service then uses the schema named after it.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.1.0-SNAPSHOT
mkdir -p samples/logs
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait
}
trap stop EXIT INT TERM

java --enable-native-access=ALL-UNNAMED -jar "tandem-app/target/tandem-app-$version.jar" \
  --tandem.broker.data-directory=samples/data >samples/logs/tandem-app.log 2>&1 &
pids+=($!)
echo "tandem-app: console http://127.0.0.1:8080/, name server 127.0.0.1:9876 (log samples/logs/tandem-app.log)"
until curl -sf http://127.0.0.1:8081/actuator/health >/dev/null; do sleep 1; done

for service in accounts ledger notifications; do
  if [ -n "${SAMPLES_POSTGRES_URL:-}" ]; then
    SPRING_DATASOURCE_URL="$SAMPLES_POSTGRES_URL?currentSchema=$service" \
      java -jar "samples/$service/target/$service-$version.jar" >"samples/logs/$service.log" 2>&1 &
  else
    java -jar "samples/$service/target/$service-$version.jar" >"samples/logs/$service.log" 2>&1 &
  fi
  pids+=($!)
done
for port in 8091 8092 8093; do
  until curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null; do sleep 1; done
done
echo "accounts http://127.0.0.1:8091, ledger http://127.0.0.1:8092, notifications http://127.0.0.1:8093; Ctrl-C stops all"
wait
