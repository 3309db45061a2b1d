#!/usr/bin/env bash
# Stores the Clumio API token in the secret the stack reads (stage param clumioTokenSecretArn, default
# clumio/token/bulk_restore), in the account and region you deploy to. The token is read from stdin so it
# stays out of your shell history:   ./create-token-secret.sh < token.txt
set -euo pipefail
name="${1:-clumio/token/bulk_restore}"
token="$(cat)"
aws secretsmanager create-secret \
  --name "$name" \
  --description "Clumio API token for clumio-bulk-restore" \
  --secret-string "$token"
