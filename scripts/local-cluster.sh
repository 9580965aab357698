#!/usr/bin/env bash
# A local Tandem cluster on 127.0.0.1, in one command: three name servers, each running a peer of the controller
# quorum, and one broker group of three members (broker-a) whose leader the controller elects and replaces.
#
#   scripts/local-cluster.sh start  [DIR]   start every node not yet running; waits until each one listens
#   scripts/local-cluster.sh status [DIR]   which nodes run, their pids and ports; exit status 3 if one is down or not
#                                           listening (a broker of a controlled group stops listening for a second or
#                                           two when the controller names its role: just after start, and at failover)
#   scripts/local-cluster.sh stop   [DIR]   stop every node (SIGTERM, then SIGKILL after 30 s)
#   scripts/local-cluster.sh args   [DIR]   print each node's name and application arguments, one node a line
#
# DIR (default ./target/local-cluster) holds a directory per node with its data, its log (node.log) and its pid file
# (node.pid). Clients use the name servers 127.0.0.1:19876;127.0.0.1:19877;127.0.0.1:19878.
#
# Environment:
#   TANDEM_JAR                    the broker jar (default: mq-server/target/tandem-mq-server-*.jar of this checkout)
#   JAVA                          java 25 executable (default: $JAVA_HOME/bin/java, else java on PATH)
#   TANDEM_CLUSTER_BASE_PORT      first port of the layout below (default 19870)
#   TANDEM_CLUSTER_REPLICATION    sync (default) or async: when the group acknowledges a send
#   TANDEM_CLUSTER_MIN_IN_SYNC    members holding a message before a sync send is acknowledged (default 2)
#   TANDEM_CLUSTER_DURABILITY     sync (default) or async: each member's own disk durability
#   TANDEM_CLUSTER_FAILOVER       controlled (default): the controller elects the leader; static: member 1 leads and
#                                 members 2 and 3 replicate it, no controller and no failover
#   TANDEM_CLUSTER_HEAP           heap of every node (default 512m)
#   TANDEM_CLUSTER_START_TIMEOUT  seconds start waits for a node to listen (default 300: six JVMs starting at once on
#                                 two busy cores take minutes)
#
# Port layout, from BASE (default 19870), i = 1..3:
#   controller peer i   BASE + i - 1            19870-19872
#   name server i       BASE + 6 + i - 1        19876-19878
#   name server i HTTP  BASE + 10 + i - 1       19880-19882  (health, metrics)
#   broker member i     BASE + 20 + 10(i - 1)   19890, 19900, 19910
#   its replication     broker port + 1         19891, 19901, 19911
#   its HTTP            broker port + 2         19892, 19902, 19912
#
# docker-compose.yml's "cluster" profile runs the same nodes with the same arguments (a test checks it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND="${1:-}"
DIR="${2:-./target/local-cluster}"
BASE="${TANDEM_CLUSTER_BASE_PORT:-19870}"
REPLICATION="${TANDEM_CLUSTER_REPLICATION:-sync}"
MIN_IN_SYNC="${TANDEM_CLUSTER_MIN_IN_SYNC:-2}"
DURABILITY="${TANDEM_CLUSTER_DURABILITY:-sync}"
FAILOVER="${TANDEM_CLUSTER_FAILOVER:-controlled}"
HEAP="${TANDEM_CLUSTER_HEAP:-512m}"
NODES=(ns1 ns2 ns3 broker-a-1 broker-a-2 broker-a-3)
STOP_TIMEOUT=30
START_TIMEOUT="${TANDEM_CLUSTER_START_TIMEOUT:-300}"

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

fail() {
  echo "local-cluster: $*" >&2
  exit 1
}

case "$REPLICATION" in sync | async) ;; *) fail "TANDEM_CLUSTER_REPLICATION must be sync or async, was '$REPLICATION'" ;; esac
case "$DURABILITY" in sync | async) ;; *) fail "TANDEM_CLUSTER_DURABILITY must be sync or async, was '$DURABILITY'" ;; esac
case "$FAILOVER" in controlled | static) ;; *) fail "TANDEM_CLUSTER_FAILOVER must be controlled or static, was '$FAILOVER'" ;; esac
[[ "$BASE" =~ ^[0-9]+$ ]] && ((BASE >= 1024 && BASE <= 65500)) \
  || fail "TANDEM_CLUSTER_BASE_PORT must be a port between 1024 and 65500, was '$BASE'"
[[ "$START_TIMEOUT" =~ ^[0-9]+$ ]] || fail "TANDEM_CLUSTER_START_TIMEOUT must be seconds, was '$START_TIMEOUT'"
[[ "$MIN_IN_SYNC" =~ ^[1-3]$ ]] || fail "TANDEM_CLUSTER_MIN_IN_SYNC must be 1, 2 or 3, was '$MIN_IN_SYNC'"
# Absolute, since every node is given paths under it.
DIR="$(realpath -m "$DIR")"

controller_port() { echo $((BASE + $1 - 1)); }
name_server_port() { echo $((BASE + 6 + $1 - 1)); }
name_server_http_port() { echo $((BASE + 10 + $1 - 1)); }
broker_port() { echo $((BASE + 20 + 10 * ($1 - 1))); }

name_servers() {
  echo "127.0.0.1:$(name_server_port 1);127.0.0.1:$(name_server_port 2);127.0.0.1:$(name_server_port 3)"
}

controller_peers() {
  echo "c1@127.0.0.1:$(controller_port 1),c2@127.0.0.1:$(controller_port 2),c3@127.0.0.1:$(controller_port 3)"
}

# The node's application arguments, one a line; $2 is the node's directory.
node_args() {
  local node="$1" home="$2" i
  case "$node" in
    ns[1-3])
      i="${node#ns}"
      printf '%s\n' \
        --tandem.role=name-server \
        --tandem.broker.bind-address=127.0.0.1 \
        --tandem.broker.advertised-host=127.0.0.1 \
        "--tandem.broker.name-server-port=$(name_server_port "$i")" \
        "--tandem.broker.data-directory=$home/data" \
        "--management.server.port=$(name_server_http_port "$i")"
      if [ "$FAILOVER" = controlled ]; then
        printf '%s\n' \
          --tandem.controller.enabled=true \
          "--tandem.controller.id=c$i" \
          "--tandem.controller.peers=$(controller_peers)" \
          "--tandem.controller.storage-dir=$home/controller" \
          --tandem.controller.lease=3s
      fi
      ;;
    broker-a-[1-3])
      i="${node#broker-a-}"
      local port
      port="$(broker_port "$i")"
      printf '%s\n' \
        --tandem.role=broker \
        "--tandem.broker.name-servers=$(name_servers)" \
        --tandem.broker.cluster-name=DefaultCluster \
        --tandem.broker.broker-name=broker-a \
        --tandem.broker.bind-address=127.0.0.1 \
        --tandem.broker.advertised-host=127.0.0.1 \
        "--tandem.broker.broker-port=$port" \
        "--tandem.broker.data-directory=$home/data" \
        "--tandem.broker.durability=$DURABILITY" \
        "--tandem.broker.replication.port=$((port + 1))" \
        "--tandem.broker.replication.mode=$REPLICATION" \
        "--tandem.broker.replication.min-in-sync=$MIN_IN_SYNC" \
        "--management.server.port=$((port + 2))"
      if [ "$FAILOVER" = controlled ]; then
        printf '%s\n' \
          --tandem.broker.replication.controlled=true \
          "--tandem.broker.replication.member-id=$i"
      elif [ "$i" != 1 ]; then
        printf '%s\n' \
          "--tandem.broker.replication.broker-id=$((i - 1))" \
          "--tandem.broker.replication.leader-address=127.0.0.1:$(($(broker_port 1) + 1))"
      fi
      ;;
    *) fail "unknown node $node" ;;
  esac
}

# The port that says a node is up: the name server's or the broker's.
node_port() {
  case "$1" in
    ns[1-3]) name_server_port "${1#ns}" ;;
    broker-a-[1-3]) broker_port "${1#broker-a-}" ;;
  esac
}

node_pid() {
  local file="$DIR/$1/node.pid" pid
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

find_java() {
  if [ -n "${JAVA:-}" ]; then
    echo "$JAVA"
  elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java || fail "no java found: set JAVA or JAVA_HOME to a JDK 25"
  fi
}

find_jar() {
  if [ -n "${TANDEM_JAR:-}" ]; then
    [ -f "$TANDEM_JAR" ] || fail "TANDEM_JAR=$TANDEM_JAR does not exist"
    echo "$TANDEM_JAR"
    return
  fi
  local jar
  for jar in "$ROOT"/mq-server/target/tandem-mq-server-*.jar; do
    case "$jar" in *-sources.jar | *-javadoc.jar | *-tests.jar | *.original) continue ;; esac
    [ -f "$jar" ] && { echo "$jar"; return; }
  done
  fail "no broker jar in $ROOT/mq-server/target; build it with: ./mvnw -B -ntp -q -pl mq-server -am package -DskipTests"
}

# Refuses a broker jar without controller-driven failover when the cluster is to run with it: its brokers would each
# lead the group on their own. Skipped where unzip is missing.
require_failover() {
  local jar="$1"
  [ "$FAILOVER" = controlled ] && command -v unzip >/dev/null || return 0
  unzip -p "$jar" META-INF/spring-configuration-metadata.json 2>/dev/null \
    | grep -q '"tandem.broker.replication.controlled"' \
    || fail "$jar has no controller-driven failover (no tandem.broker.replication.controlled setting): build it from" \
      "a version that has it, or run the group without failover with TANDEM_CLUSTER_FAILOVER=static"
}

start() {
  local java jar node home pid port deadline
  java="$(find_java)"
  jar="$(find_jar)"
  require_failover "$jar"
  mkdir -p "$DIR"
  for node in "${NODES[@]}"; do
    home="$DIR/$node"
    if pid="$(node_pid "$node")"; then
      echo "$node already running (pid $pid)"
      continue
    fi
    port="$(node_port "$node")"
    listening "$port" && fail "port $port of $node is taken by another process; set TANDEM_CLUSTER_BASE_PORT"
    mkdir -p "$home"
    mapfile -t args < <(node_args "$node" "$home")
    echo "# $(date -u +%FT%TZ) $java -jar $jar ${args[*]}" >>"$home/node.log"
    setsid nohup "$java" --enable-native-access=ALL-UNNAMED "-Xms$HEAP" "-Xmx$HEAP" -jar "$jar" "${args[@]}" \
      >>"$home/node.log" 2>&1 </dev/null &
    echo $! >"$home/node.pid"
    echo "$node started (pid $!), log $home/node.log"
  done
  for node in "${NODES[@]}"; do
    port="$(node_port "$node")"
    deadline=$((SECONDS + START_TIMEOUT))
    until listening "$port"; do
      node_pid "$node" >/dev/null || fail "$node stopped while starting; see $DIR/$node/node.log"
      ((SECONDS < deadline)) || fail "$node does not listen on $port after $START_TIMEOUT s; see $DIR/$node/node.log"
      sleep 0.5
    done
  done
  echo "cluster up: name servers $(name_servers)"
}

stop() {
  local node pid deadline
  for ((n = ${#NODES[@]} - 1; n >= 0; n--)); do
    node="${NODES[n]}"
    if pid="$(node_pid "$node")"; then
      kill -TERM "$pid"
      deadline=$((SECONDS + STOP_TIMEOUT))
      while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
      if kill -0 "$pid" 2>/dev/null; then
        echo "$node did not stop within $STOP_TIMEOUT s; killing it" >&2
        kill -KILL "$pid"
      fi
      echo "$node stopped"
    fi
    rm -f "$DIR/$node/node.pid"
  done
}

status() {
  local node pid port down=0
  for node in "${NODES[@]}"; do
    port="$(node_port "$node")"
    if pid="$(node_pid "$node")"; then
      if listening "$port"; then
        echo "$node running (pid $pid), 127.0.0.1:$port"
      else
        echo "$node not listening (pid $pid), 127.0.0.1:$port: starting, or a broker taking a new role"
        down=1
      fi
    else
      echo "$node down"
      down=1
    fi
  done
  return $((down * 3))
}

print_args() {
  local node
  for node in "${NODES[@]}"; do
    echo "$node $(node_args "$node" "$DIR/$node" | tr '\n' ' ' | sed 's/ $//')"
  done
}

case "$COMMAND" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  args) print_args ;;
  *) usage ;;
esac
