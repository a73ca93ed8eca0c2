#!/usr/bin/env bash
# make destroy-aws: deletes the services stack, then the messaging stack (queues, topics, tables
# and their data), the ECR repositories and the Container Insights log group. Needs AWS_REGION.
# It leaves, on purpose: the DynamoDB system backups that point-in-time recovery takes when a
# table is deleted (kept 35 days), the KMS key (pending deletion for 7 days), and what you made
# yourself (the SMTP secret, the SES identities, the certificate and DNS record, the VPC).
set -euo pipefail
[ -n "${AWS_REGION:-}" ] || { echo "Set AWS_REGION." >&2; exit 1; }

for stack in fanout-lab-services fanout-lab-messaging; do
  echo "==> Deleting ${stack}"
  aws cloudformation delete-stack --region "$AWS_REGION" --stack-name "$stack"
  aws cloudformation wait stack-delete-complete --region "$AWS_REGION" --stack-name "$stack"
done
for service in producer-service consumer-service notifier-service; do
  aws ecr delete-repository --region "$AWS_REGION" --repository-name "fanout-lab/${service}" --force >/dev/null 2>&1 || true
done
# ECS creates this one for Container Insights, outside the stack.
aws logs delete-log-group --region "$AWS_REGION" \
  --log-group-name /aws/ecs/containerinsights/fanout-lab/performance >/dev/null 2>&1 || true
cat <<MSG
Deleted. Left behind:
  - DynamoDB system backups of the three tables (point-in-time recovery keeps them 35 days):
      aws dynamodb list-backups --region ${AWS_REGION} --backup-type SYSTEM
  - the KMS key, scheduled for deletion in 7 days (its pending window);
  - what you created yourself: the SMTP secret, SES identities, certificate, DNS record, VPC.
MSG
