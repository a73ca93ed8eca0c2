#!/usr/bin/env bash
# make destroy-aws: deletes the services stack, then the messaging stack (queues, topics, tables
# and their data), then the ECR repositories. Needs AWS_REGION; STACK_PREFIX as for deploy-aws.
set -euo pipefail
[ -n "${AWS_REGION:-}" ] || { echo "Set AWS_REGION." >&2; exit 1; }
prefix=${STACK_PREFIX:-fanout-lab}

for stack in "${prefix}-services" "${prefix}-messaging"; do
  echo "==> Deleting ${stack}"
  aws cloudformation delete-stack --region "$AWS_REGION" --stack-name "$stack"
  aws cloudformation wait stack-delete-complete --region "$AWS_REGION" --stack-name "$stack"
done
for service in producer-service consumer-service notifier-service; do
  aws ecr delete-repository --region "$AWS_REGION" --repository-name "fanout-lab/${service}" --force >/dev/null 2>&1 || true
done
echo "Deleted. The KMS key is scheduled for deletion in 7 days (its pending window)."
