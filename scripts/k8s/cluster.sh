#!/usr/bin/env bash
# A throwaway Kubernetes control plane on loopback for `make test-k8s`: etcd, a real
# kube-apiserver (RBAC, PodSecurity admission, OpenAPI validation of CRDs), kube-controller-manager
# (Deployments → ReplicaSets → Pods, Jobs, CronJobs, HPA, garbage collection), kube-scheduler, and
# kwok standing in for kubelets on two fake nodes: pods get bound and marked Running/Ready (or,
# for Jobs, Succeeded) but no container runs.
#   scripts/k8s/cluster.sh up     start everything (binaries from scripts/k8s/build-tools.sh)
#   scripts/k8s/cluster.sh env    print `export KUBECONFIG=… PATH=…` for this cluster
#   scripts/k8s/cluster.sh down   stop everything and delete the state directory
# State (certificates, etcd data, logs, kubeconfig) lives in $CBC_K8S_STATE, by default a
# per-user directory under the temp dir; nothing is written to the repository.
set -euo pipefail

cache="${CBC_K8S_CACHE:-$HOME/.cache/cbc-k8s}"
bin="$cache/bin"
state="${CBC_K8S_STATE:-${TMPDIR:-/tmp}/cbc-k8s-$(id -u)}"
kubeconfig="$state/kubeconfig"
service_cidr=10.96.0.0/16
start=$SECONDS

step() { echo "cluster: $* (+$((SECONDS - start))s)"; }
die() { echo "cluster: $*" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts a daemon with its output in logs/<name>.log and remembers its pid for `down`.
daemon() {
  local name="$1"; shift
  "$@" >"$state/logs/$name.log" 2>&1 &
  echo "$!" >"$state/pids/$name"
}

# Polls until the command succeeds; on timeout shows the component's log.
wait_for() {
  local what="$1" log="$2" tries="$3"; shift 3
  for ((i = 0; i < tries; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "cluster: $what did not come up; last lines of $log:" >&2
  tail -n 30 "$state/logs/$log.log" >&2
  return 1
}

certs() {
  local d="$state/pki"
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=cbc-test-ca" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  # A certificate signed by the CA: name, subject, and optional subjectAltName.
  sign() {
    local name="$1" subj="$2" san="${3:-}"
    openssl req -newkey rsa:2048 -nodes -subj "$subj" -keyout "$d/$name.key" -out "$d/$name.csr" 2>/dev/null
    local ext="$d/$name.ext"
    if [ -n "$san" ]; then
      printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$san" >"$ext"
    else
      printf 'extendedKeyUsage=clientAuth\n' >"$ext"
    fi
    openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -days 2 -extfile "$ext" -out "$d/$name.crt" 2>/dev/null
  }
  # 10.96.0.1 is the first address of the service range: the `kubernetes` Service's ClusterIP.
  sign apiserver "/CN=kube-apiserver" \
    "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  sign admin "/O=system:masters/CN=admin"
  sign controller-manager "/CN=system:kube-controller-manager"
  sign scheduler "/CN=system:kube-scheduler"
  # kwok acts for every node's kubelet and also patches pod status; the admin identity keeps it simple.
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
}

write_kubeconfig() {
  local file="$1" user="$2" port="$3" d="$state/pki"
  cat >"$file" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: cbc-test
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $(base64 -w0 "$d/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 "$d/$user.crt")
    client-key-data: $(base64 -w0 "$d/$user.key")
contexts:
- name: cbc-test
  context: {cluster: cbc-test, user: $user}
current-context: cbc-test
YAML
  chmod 600 "$file"
}

fake_nodes() {
  local kc=(--kubeconfig "$kubeconfig")
  for n in 1 2; do
    # The kwok annotation hands the node to kwok; zone labels let topology spread constraints
    # see two zones. No taint, so the chart's pods schedule without tolerations.
    "$bin/kubectl" "${kc[@]}" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$n
  annotations:
    node.alpha.kubernetes.io/ttl: "0"
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: kwok-node-$n
    kubernetes.io/os: linux
    kubernetes.io/role: agent
    node-role.kubernetes.io/agent: ""
    type: kwok
    topology.kubernetes.io/zone: zone-$n
status:
  allocatable: {cpu: "16", memory: 64Gi, pods: "110"}
  capacity: {cpu: "16", memory: 64Gi, pods: "110"}
YAML
  done
}

up() {
  for b in kube-apiserver kube-controller-manager kube-scheduler kubectl kwok; do
    [ -x "$bin/$b" ] || die "$bin/$b missing: run scripts/k8s/build-tools.sh"
  done
  command -v etcd >/dev/null || die "etcd missing: run scripts/k8s/build-tools.sh"
  if [ -f "$state/pids/kube-apiserver" ] && kill -0 "$(cat "$state/pids/kube-apiserver")" 2>/dev/null; then
    step "already running (KUBECONFIG=$kubeconfig)"
    return 0
  fi
  rm -rf "$state"
  mkdir -p "$state/logs" "$state/pids" "$state/etcd"
  step "certificates"
  certs

  local etcd_port etcd_peer api_port
  etcd_port="$(free_port)"; etcd_peer="$(free_port)"; api_port="$(free_port)"
  step "etcd on 127.0.0.1:$etcd_port"
  daemon etcd etcd --name cbc-test --data-dir "$state/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "cbc-test=http://127.0.0.1:$etcd_peer" --listen-metrics-urls "" \
    --quota-backend-bytes 2147483648
  wait_for etcd etcd 30 curl -fsS "http://127.0.0.1:$etcd_port/health"

  local d="$state/pki"
  step "kube-apiserver on https://127.0.0.1:$api_port"
  daemon kube-apiserver "$bin/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --cert-dir "$d" --tls-cert-file "$d/apiserver.crt" --tls-private-key-file "$d/apiserver.key" \
    --client-ca-file "$d/ca.crt" \
    --service-account-key-file "$d/sa.pub" --service-account-signing-key-file "$d/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --authorization-mode Node,RBAC \
    --enable-admission-plugins NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,DefaultStorageClass,DefaultTolerationSeconds,ResourceQuota,MutatingAdmissionWebhook,ValidatingAdmissionPolicy,ValidatingAdmissionWebhook \
    --service-cluster-ip-range "$service_cidr" \
    --allow-privileged=false --profiling=false \
    --endpoint-reconciler-type none
  write_kubeconfig "$kubeconfig" admin "$api_port"
  wait_for kube-apiserver kube-apiserver 120 "$bin/kubectl" --kubeconfig "$kubeconfig" get --raw /readyz

  step "kube-controller-manager, kube-scheduler"
  write_kubeconfig "$state/controller-manager.kubeconfig" controller-manager "$api_port"
  write_kubeconfig "$state/scheduler.kubeconfig" scheduler "$api_port"
  # Serving ports 0: neither needs to be reached; leader election is pointless with one replica.
  daemon kube-controller-manager "$bin/kube-controller-manager" \
    --kubeconfig "$state/controller-manager.kubeconfig" \
    --authentication-skip-lookup --secure-port 0 --leader-elect=false \
    --service-account-private-key-file "$d/sa.key" --root-ca-file "$d/ca.crt" \
    --use-service-account-credentials \
    --cluster-signing-cert-file "$d/ca.crt" --cluster-signing-key-file "$d/ca.key" \
    --service-cluster-ip-range "$service_cidr"
  daemon kube-scheduler "$bin/kube-scheduler" \
    --kubeconfig "$state/scheduler.kubeconfig" --secure-port 0 --leader-elect=false

  step "kwok with 2 fake nodes"
  # kwok manages only nodes annotated kwok.x-k8s.io/node=fake; its built-in stages make nodes
  # Ready and move pods through Running (and to Succeeded for Job pods).
  daemon kwok "$bin/kwok" --kubeconfig "$kubeconfig" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --cidr 10.244.0.1/16 --node-ip 10.0.0.1 --node-lease-duration-seconds 40
  fake_nodes
  wait_for "kwok nodes" kwok 60 "$bin/kubectl" --kubeconfig "$kubeconfig" wait --for condition=Ready node --all --timeout 1s
  # The default ServiceAccount appears shortly after a namespace; pods wait for it.
  wait_for "service account controller" kube-controller-manager 60 "$bin/kubectl" --kubeconfig "$kubeconfig" -n default get serviceaccount default
  step "up: export KUBECONFIG=$kubeconfig"
}

down() {
  if [ -d "$state/pids" ]; then
    # Everything is told to stop at once (they stop in parallel); stragglers are killed after 10 s.
    local pids=()
    for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
      [ -f "$state/pids/$name" ] && pids+=("$(cat "$state/pids/$name")")
    done
    if [ "${#pids[@]}" -gt 0 ]; then
      kill "${pids[@]}" 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do kill -0 "${pids[@]}" 2>/dev/null || break; sleep 0.1; done
      kill -9 "${pids[@]}" 2>/dev/null || true
    fi
  fi
  rm -rf "$state"
  step "down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) echo "export KUBECONFIG=$kubeconfig PATH=$bin:\$PATH" ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
