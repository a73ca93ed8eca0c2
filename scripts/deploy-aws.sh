#!/usr/bin/env bash
# make deploy-aws: builds the three images, pushes them to ECR and deploys infra/messaging.yaml
# and infra/services.yaml (stacks fanout-lab-messaging and fanout-lab-services) with the AWS CLI.
# Runs on macOS's bash 3.2 and on Linux. Needs Docker, AWS credentials (the standard chain),
# and these variables:
#   AWS_REGION          e.g. eu-west-1
#   VPC_ID              VPC of the deployment
#   PUBLIC_SUBNET_IDS   comma-separated, two or more AZs, for the load balancer
#   PRIVATE_SUBNET_IDS  comma-separated, with a NAT gateway (or VPC_ENDPOINTS=true), for the tasks
#   SMTP_HOST           SMTP server of notifier-service (e.g. email-smtp.$AWS_REGION.amazonaws.com)
#   SMTP_SECRET_ARN     Secrets Manager secret with the SMTP 'username' and 'password' (e.g. SES SMTP credentials)
#   NOTIFICATIONS_FROM  sender of the order emails, a verified SES identity (address or domain)
# Optional: CERTIFICATE_ARN and DOMAIN_NAME (HTTPS on your domain; both or neither),
#   SMTP_PORT (587), SMTP_SECRET_KEY_ARN (the secret's customer-managed KMS key), ALARM_EMAIL,
#   CPU_ARCHITECTURE (X86_64 or ARM64; the images are built for it whatever this machine is),
#   VPC_ENDPOINTS=true with PRIVATE_ROUTE_TABLE_IDS (no NAT gateway), IMAGE_TAG (commit and build time),
#   API_KEY (32-128 letters and digits: POST /api/orders then needs 'X-Api-Key: $API_KEY'),
#   RATE_LIMIT (WAF: requests per client IP address in 5 minutes, 1000).
# A rerun after a failed first attempt recovers: a stack left in ROLLBACK_COMPLETE (or a failed
# delete) is deleted and created again.
set -euo pipefail
cd "$(dirname "$0")/.."

for variable in AWS_REGION VPC_ID PUBLIC_SUBNET_IDS PRIVATE_SUBNET_IDS SMTP_HOST SMTP_SECRET_ARN NOTIFICATIONS_FROM; do
  [ -n "${!variable:-}" ] || { echo "Set ${variable} (see the README, 'Deploy to AWS')." >&2; exit 1; }
done
if [ -n "${CERTIFICATE_ARN:-}" ] && [ -z "${DOMAIN_NAME:-}" ]; then
  echo "Set DOMAIN_NAME, the domain of CERTIFICATE_ARN: HTTPS is served for that name." >&2
  exit 1
fi
command -v docker >/dev/null || { echo "deploy-aws builds images: it needs Docker." >&2; exit 1; }
command -v aws >/dev/null || { echo "deploy-aws needs the AWS CLI." >&2; exit 1; }

# Fargate's architecture and the images' platform, one choice: an image built on Apple Silicon
# or Graviton is arm64 unless told otherwise, and an X86_64 task cannot start it.
architecture=${CPU_ARCHITECTURE:-X86_64}
case "$architecture" in
  X86_64) platform=linux/amd64 ;;
  ARM64) platform=linux/arm64 ;;
  *) echo "CPU_ARCHITECTURE is X86_64 or ARM64, not ${architecture}." >&2; exit 1 ;;
esac

messaging_stack=fanout-lab-messaging
services_stack=fanout-lab-services
# Repositories are immutable: every deploy pushes a new tag.
tag=${IMAGE_TAG:-$(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo -dirty)-$(date -u +%Y%m%d%H%M%S)}
account=$(aws sts get-caller-identity --query Account --output text)
registry="${account}.dkr.ecr.${AWS_REGION}.amazonaws.com"

# A stack whose creation failed stays in ROLLBACK_COMPLETE and cannot be updated: delete it so
# that this run creates it again. A failed update rollback is continued.
recover_stack() {
  local stack=$1 status
  status=$(aws cloudformation describe-stacks --region "$AWS_REGION" --stack-name "$stack" \
    --query 'Stacks[0].StackStatus' --output text 2>/dev/null || echo NONE)
  case "$status" in
    ROLLBACK_COMPLETE | ROLLBACK_FAILED | DELETE_FAILED)
      echo "==> ${stack} is ${status} after an earlier attempt: deleting it to create it again"
      aws cloudformation delete-stack --region "$AWS_REGION" --stack-name "$stack"
      aws cloudformation wait stack-delete-complete --region "$AWS_REGION" --stack-name "$stack"
      ;;
    UPDATE_ROLLBACK_FAILED)
      echo "==> ${stack} is ${status}: continuing the rollback"
      aws cloudformation continue-update-rollback --region "$AWS_REGION" --stack-name "$stack"
      aws cloudformation wait stack-rollback-complete --region "$AWS_REGION" --stack-name "$stack"
      ;;
    *_IN_PROGRESS)
      echo "${stack} is ${status}: wait for it to finish, then run make deploy-aws again." >&2
      exit 1
      ;;
  esac
}

# ECS creates its service-linked role on first use, but in a brand-new account it may not exist
# yet when CloudFormation creates the cluster. Create it first; it may exist already.
ensure_ecs_service_linked_role() {
  local output
  if ! output=$(aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com 2>&1); then
    case "$output" in
      *"has been taken"* | *InvalidInput*) ;;
      *) echo "$output" >&2; exit 1 ;;
    esac
  fi
}

recover_stack "$messaging_stack"
echo "==> Messaging stack ${messaging_stack}"
aws cloudformation deploy --region "$AWS_REGION" --stack-name "$messaging_stack" \
  --template-file infra/messaging.yaml --no-fail-on-empty-changeset \
  --parameter-overrides "AlarmEmail=${ALARM_EMAIL:-}"

echo "==> Images ${registry}/fanout-lab/*:${tag} for ${platform}"
aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$registry"
for service in producer-service consumer-service notifier-service; do
  repository="fanout-lab/${service}"
  aws ecr describe-repositories --region "$AWS_REGION" --repository-names "$repository" >/dev/null 2>&1 \
    || aws ecr create-repository --region "$AWS_REGION" --repository-name "$repository" \
         --image-scanning-configuration scanOnPush=true --image-tag-mutability IMMUTABLE >/dev/null
  image="${registry}/${repository}:${tag}"
  docker build --platform "$platform" --target service --build-arg "SERVICE=${service}" --tag "$image" .
  docker push "$image"
done

ensure_ecs_service_linked_role
recover_stack "$services_stack"
echo "==> Services stack ${services_stack}"
aws cloudformation deploy --region "$AWS_REGION" --stack-name "$services_stack" \
  --template-file infra/services.yaml --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
  --parameter-overrides \
    "MessagingStackName=${messaging_stack}" "VpcId=${VPC_ID}" \
    "PublicSubnetIds=${PUBLIC_SUBNET_IDS}" "PrivateSubnetIds=${PRIVATE_SUBNET_IDS}" \
    "ProducerImage=${registry}/fanout-lab/producer-service:${tag}" \
    "ConsumerImage=${registry}/fanout-lab/consumer-service:${tag}" \
    "NotifierImage=${registry}/fanout-lab/notifier-service:${tag}" \
    "CpuArchitecture=${architecture}" "NotificationsFrom=${NOTIFICATIONS_FROM}" \
    "SmtpHost=${SMTP_HOST}" "SmtpPort=${SMTP_PORT:-587}" \
    "SmtpCredentialsSecretArn=${SMTP_SECRET_ARN}" "SmtpCredentialsKeyArn=${SMTP_SECRET_KEY_ARN:-}" \
    "CertificateArn=${CERTIFICATE_ARN:-}" "DomainName=${DOMAIN_NAME:-}" \
    "CreateVpcEndpoints=${VPC_ENDPOINTS:-false}" "PrivateRouteTableIds=${PRIVATE_ROUTE_TABLE_IDS:-}" \
    "ApiKey=${API_KEY:-}" "RequestsPerFiveMinutesPerIp=${RATE_LIMIT:-1000}"

output() {
  aws cloudformation describe-stacks --region "$AWS_REGION" --stack-name "$services_stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
url=$(output LoadBalancerUrl)
key_header=""
# shellcheck disable=SC2016 # printed for the reader's shell to expand
[ -z "${API_KEY:-}" ] || key_header='-H "X-Api-Key: $API_KEY" '
dns=""
[ -z "${DOMAIN_NAME:-}" ] || dns="Point ${DOMAIN_NAME} at $(output LoadBalancerDnsName) (CNAME or alias record) if not done yet.
"
cat <<MSG

Deployed. ${dns}Place an order:

  curl -i -X POST ${url}/api/orders -H 'Content-Type: application/json' ${key_header}\\
    -d '{"customerEmail":"ada@example.com","items":[{"sku":"BOOK-42","quantity":2,"unitPrice":12.50}]}'

Tear it down with: make destroy-aws
MSG
