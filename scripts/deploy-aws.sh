#!/usr/bin/env bash
# make deploy-aws: builds the three images, pushes them to ECR and deploys infra/messaging.yaml
# and infra/services.yaml with the AWS CLI. Needs Docker, AWS credentials (the standard chain),
# and these variables:
#   AWS_REGION          e.g. eu-west-1
#   VPC_ID              VPC of the deployment
#   PUBLIC_SUBNET_IDS   comma-separated, two or more AZs, for the load balancer
#   PRIVATE_SUBNET_IDS  comma-separated, with a NAT gateway (or VPC endpoints), for the tasks
#   SMTP_HOST           SMTP server of notifier-service (e.g. email-smtp.$AWS_REGION.amazonaws.com)
#   SMTP_SECRET_ARN     Secrets Manager secret with the SMTP 'username' and 'password' (e.g. SES SMTP credentials)
# Optional: CERTIFICATE_ARN (ACM, for HTTPS), SMTP_PORT (587), ALARM_EMAIL, STACK_PREFIX (fanout-lab), IMAGE_TAG (commit and build time),
#   API_KEY (32-128 letters and digits: POST /api/orders then needs 'X-Api-Key: $API_KEY'),
#   RATE_LIMIT (WAF: requests per client IP address in 5 minutes, 1000).
set -euo pipefail
cd "$(dirname "$0")/.."

for variable in AWS_REGION VPC_ID PUBLIC_SUBNET_IDS PRIVATE_SUBNET_IDS SMTP_HOST SMTP_SECRET_ARN; do
  [ -n "${!variable:-}" ] || { echo "Set ${variable} (see the README, 'Deploy to AWS')." >&2; exit 1; }
done
command -v docker >/dev/null || { echo "deploy-aws builds images: it needs Docker." >&2; exit 1; }
command -v aws >/dev/null || { echo "deploy-aws needs the AWS CLI." >&2; exit 1; }

prefix=${STACK_PREFIX:-fanout-lab}
# Repositories are immutable: every deploy pushes a new tag.
tag=${IMAGE_TAG:-$(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo -dirty)-$(date -u +%Y%m%d%H%M%S)}
account=$(aws sts get-caller-identity --query Account --output text)
registry="${account}.dkr.ecr.${AWS_REGION}.amazonaws.com"

echo "==> Messaging stack ${prefix}-messaging"
aws cloudformation deploy --region "$AWS_REGION" --stack-name "${prefix}-messaging" \
  --template-file infra/messaging.yaml --no-fail-on-empty-changeset \
  --parameter-overrides "AlarmEmail=${ALARM_EMAIL:-}"

echo "==> Images ${registry}/fanout-lab/*:${tag}"
aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$registry"
declare -A images
for service in producer-service consumer-service notifier-service; do
  repository="fanout-lab/${service}"
  aws ecr describe-repositories --region "$AWS_REGION" --repository-names "$repository" >/dev/null 2>&1 \
    || aws ecr create-repository --region "$AWS_REGION" --repository-name "$repository" \
         --image-scanning-configuration scanOnPush=true --image-tag-mutability IMMUTABLE >/dev/null
  image="${registry}/${repository}:${tag}"
  docker build --target service --build-arg "SERVICE=${service}" --tag "$image" .
  docker push "$image"
  images[$service]=$image
done

echo "==> Services stack ${prefix}-services"
aws cloudformation deploy --region "$AWS_REGION" --stack-name "${prefix}-services" \
  --template-file infra/services.yaml --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
  --parameter-overrides \
    "MessagingStackName=${prefix}-messaging" "VpcId=${VPC_ID}" \
    "PublicSubnetIds=${PUBLIC_SUBNET_IDS}" "PrivateSubnetIds=${PRIVATE_SUBNET_IDS}" \
    "ProducerImage=${images[producer-service]}" "ConsumerImage=${images[consumer-service]}" \
    "NotifierImage=${images[notifier-service]}" "SmtpHost=${SMTP_HOST}" "SmtpPort=${SMTP_PORT:-587}" \
    "SmtpCredentialsSecretArn=${SMTP_SECRET_ARN}" "CertificateArn=${CERTIFICATE_ARN:-}" \
    "ApiKey=${API_KEY:-}" "RequestsPerFiveMinutesPerIp=${RATE_LIMIT:-1000}"

url=$(aws cloudformation describe-stacks --region "$AWS_REGION" --stack-name "${prefix}-services" \
  --query "Stacks[0].Outputs[?OutputKey=='LoadBalancerUrl'].OutputValue" --output text)
key_header=""
# shellcheck disable=SC2016 # printed for the reader's shell to expand
[ -z "${API_KEY:-}" ] || key_header='-H "X-Api-Key: $API_KEY" '
cat <<MSG

Deployed. Place an order:

  curl -i -X POST ${url}/api/orders -H 'Content-Type: application/json' ${key_header}\\
    -d '{"customerEmail":"ada@example.com","items":[{"sku":"BOOK-42","quantity":2,"unitPrice":12.50}]}'

Tear it down with: make destroy-aws
MSG
