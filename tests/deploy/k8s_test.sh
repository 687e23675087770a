#!/usr/bin/env bash
# k8s_test.sh - validates deploy/kubernetes offline: kubectl kustomize
# builds it (syntax, references), then validate.mjs checks every object
# against the Kubernetes schemas and the promises of the deployment.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
kubectl kustomize ../../deploy/kubernetes | node validate.mjs
