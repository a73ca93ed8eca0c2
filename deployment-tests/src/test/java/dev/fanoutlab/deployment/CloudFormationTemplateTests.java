package dev.fanoutlab.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.fanoutlab.topology.Topology;
import org.junit.jupiter.api.Test;

import static dev.fanoutlab.deployment.ComposeFileTests.list;
import static dev.fanoutlab.deployment.ComposeFileTests.map;
import static dev.fanoutlab.deployment.Template.items;
import static dev.fanoutlab.deployment.Template.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security and operability rules of the AWS deployment in {@code infra/}. A real deploy
 * is not possible here; these rules and cfn-lint
 * ({@link CloudFormationLintIntegrationTests}) stand in for it.
 */
class CloudFormationTemplateTests {

	private final Template messaging = Template.of("infra/messaging.yaml");

	private final Template services = Template.of("infra/services.yaml");

	@Test
	void grantsTaskRolesNamedActionsOnNamedResourcesOnly() {
		Map<String, Map<String, Object>> taskRoles = taskRoles();
		assertThat(taskRoles).containsOnlyKeys("ProducerTaskRole", "ConsumerTaskRole", "NotifierTaskRole");
		taskRoles.forEach((role, properties) -> statements(properties).forEach((statement) -> {
			assertThat(items(statement.get("Action"))).as(role + " actions")
				.allSatisfy((action) -> assertThat(String.valueOf(action)).doesNotContain("*"));
			if (items(statement.get("Action")).equals(List.of("cloudwatch:PutMetricData"))) {
				// PutMetricData has no resource type: its namespace condition names what
				// it
				// may write.
				assertThat(map(map(statement.get("Condition")).get("StringEquals"))).as(role)
					.containsEntry("cloudwatch:namespace", Map.of("Ref", "MetricsNamespace"));
				return;
			}
			assertThat(items(statement.get("Resource"))).as(role + " resources")
				.allSatisfy((resource) -> assertThat(resource).isNotEqualTo("*")
					.satisfies((named) -> assertThat(String.valueOf(named)).doesNotContain(":*")));
		}));
	}

	@Test
	void letsQueueReadersChangeMessageVisibilityForBackoff() {
		for (String role : List.of("ConsumerTaskRole", "NotifierTaskRole")) {
			assertThat(statements(this.services.properties(role)))
				.flatExtracting((statement) -> items(statement.get("Action")))
				.as(role)
				.contains("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility");
		}
	}

	@Test
	void encryptsEveryQueueWithTheCustomerManagedKey() {
		this.messaging.resources("AWS::SQS::Queue")
			.forEach((id, queue) -> assertThat(target(queue.get("KmsMasterKeyId"))).as(id).isEqualTo("MessagingKey"));
		assertThat(this.messaging.resources("AWS::SNS::Topic")).allSatisfy(
				(id, topic) -> assertThat(target(topic.get("KmsMasterKeyId"))).as(id).isEqualTo("MessagingKey"));
	}

	@Test
	void letsSnsUseTheKeyItEncryptsQueueMessagesWith() {
		Map<String, Object> policy = map(this.messaging.properties("MessagingKey").get("KeyPolicy"));
		assertThat(list(policy.get("Statement"))).anySatisfy((item) -> {
			Map<String, Object> statement = map(item);
			assertThat(map(statement.get("Principal"))).containsEntry("Service", "sns.amazonaws.com");
			assertThat(items(statement.get("Action"))).contains("kms:GenerateDataKey*", "kms:Decrypt");
		});
	}

	@Test
	void givesEveryQueueADeadLetterQueueThatAllowsOnlyItAsSource() {
		Map<String, Map<String, Object>> queues = this.messaging.resources("AWS::SQS::Queue");
		queues.forEach((id, queue) -> {
			String name = String.valueOf(queue.get("QueueName"));
			if (subscriptionDeadLetterQueues().contains(id)) {
				// SNS, not a queue, moves messages there: no source queue to allow.
				return;
			}
			if (isDeadLetterQueue(name)) {
				assertThat(map(queue.get("RedriveAllowPolicy"))).as(id).containsEntry("redrivePermission", "byQueue");
				return;
			}
			Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
			assertThat(redrive).as(id + " redrive policy").isNotNull();
			String deadLetterQueue = target(redrive.get("deadLetterTargetArn"));
			assertThat(queues.get(deadLetterQueue).get("QueueName")).as(id).isEqualTo(deadLetterQueueOf(name));
			assertThat(redrive).containsKey("maxReceiveCount");
		});
	}

	@Test
	void letsOnlyTheTopicSendToEverySubscribedQueueAndDeniesInsecureTransport() {
		Map<String, Map<String, Object>> subscriptions = this.messaging.resources("AWS::SNS::Subscription");
		Map<String, Map<String, Object>> policies = this.messaging.resources("AWS::SQS::QueuePolicy");
		Map<String, String> topicOf = new HashMap<>();
		subscriptions.forEach((id, subscription) -> {
			String topic = target(subscription.get("TopicArn"));
			if ("sqs".equals(subscription.get("Protocol"))) {
				topicOf.put(target(subscription.get("Endpoint")), topic);
			}
			// A subscription's dead-letter queue: SNS sends to it as the topic.
			Map<String, Object> redrive = map(subscription.get("RedrivePolicy"));
			if (redrive != null) {
				topicOf.put(target(redrive.get("deadLetterTargetArn")), topic);
			}
		});
		topicOf.forEach((queue, topic) -> {
			List<Map<String, Object>> statements = policies.values()
				.stream()
				.filter((policy) -> list(policy.get("Queues")).stream().anyMatch((q) -> queue.equals(target(q))))
				.flatMap((policy) -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
				.map(ComposeFileTests::<Object>map)
				.toList();
			assertThat(statements).as(queue).anySatisfy((statement) -> {
				assertThat(statement).containsEntry("Effect", "Allow").containsEntry("Action", "sqs:SendMessage");
				assertThat(map(statement.get("Principal"))).containsEntry("Service", "sns.amazonaws.com");
				assertThat(target(map(map(statement.get("Condition")).get("ArnEquals")).get("aws:SourceArn")))
					.isEqualTo(topic);
			});
			assertThat(statements).as(queue).anySatisfy((statement) -> {
				assertThat(statement).containsEntry("Effect", "Deny");
				assertThat(map(map(statement.get("Condition")).get("Bool"))).containsEntry("aws:SecureTransport",
						"false");
			});
		});
	}

	@Test
	void alarmsWhenADeadLetterQueueIsNotEmpty() {
		deadLetterQueues().forEach((queue) -> assertThat(alarmsOn(queue)).as(queue).anySatisfy((alarm) -> {
			assertThat(alarm).containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
				.containsEntry("ComparisonOperator", "GreaterThanThreshold")
				.containsEntry("Threshold", 0);
			assertThat(list(alarm.get("AlarmActions"))).isNotEmpty();
		}));
	}

	@Test
	void alarmsWhenTheOldestMessageOfAQueueIsTooOld() {
		this.messaging.resources("AWS::SQS::Queue").forEach((id, queue) -> {
			if (!isDeadLetterQueue(String.valueOf(queue.get("QueueName")))) {
				assertThat(alarmsOn(id)).as(id)
					.anySatisfy(
							(alarm) -> assertThat(alarm).containsEntry("MetricName", "ApproximateAgeOfOldestMessage"));
			}
		});
	}

	@Test
	void protectsEveryTableWithPointInTimeRecoveryAndEncryption() {
		assertThat(this.messaging.resources("AWS::DynamoDB::Table")).hasSize(3).allSatisfy((id, table) -> {
			assertThat(map(table.get("PointInTimeRecoverySpecification"))).containsEntry("PointInTimeRecoveryEnabled",
					true);
			assertThat(map(table.get("SSESpecification"))).containsEntry("SSEEnabled", true);
		});
	}

	@Test
	void rollsBackFailedDeploymentsAndStopsTasksNoSoonerThanSpringShutsDown() {
		this.services.resources("AWS::ECS::Service")
			.forEach((id,
					service) -> assertThat(
							map(map(service.get("DeploymentConfiguration")).get("DeploymentCircuitBreaker")))
						.as(id)
						.containsEntry("Enable", true)
						.containsEntry("Rollback", true));
		this.services.resources("AWS::ECS::TaskDefinition").forEach((id, task) -> {
			Map<String, Object> container = map(list(task.get("ContainerDefinitions")).get(0));
			Duration shutdown = ComposeFileTests.ApplicationConfig.of(String.valueOf(container.get("Name")))
				.shutdownPhaseTimeout();
			assertThat(Duration.ofSeconds(((Number) container.get("StopTimeout")).longValue())).as(id)
				.isGreaterThan(shutdown);
			assertThat(String.valueOf(map(container.get("HealthCheck")).get("Command"))).contains("/actuator/health");
		});
	}

	@Test
	void scalesQueueReadersOnBacklogPerTask() {
		Map<String, Map<String, Object>> policies = this.services
			.resources("AWS::ApplicationAutoScaling::ScalingPolicy");
		for (String queue : List.of("order-fulfilment", "order-notifications")) {
			assertThat(policies.values()).as(queue).anySatisfy((policy) -> {
				Map<String, Object> metric = map(map(policy.get("TargetTrackingScalingPolicyConfiguration"))
					.get("CustomizedMetricSpecification"));
				List<Map<String, Object>> metrics = list(metric.get("Metrics")).stream()
					.map(ComposeFileTests::<Object>map)
					.toList();
				assertThat(metrics.toString()).contains("ApproximateNumberOfMessagesVisible", queue,
						"RunningTaskCount");
				assertThat(metrics).anySatisfy((expression) -> assertThat(expression).containsEntry("ReturnData", true)
					.hasEntrySatisfying("Expression", (value) -> assertThat(String.valueOf(value)).contains("/")));
			});
		}
		assertThat(policies.values())
			.anySatisfy((policy) -> assertThat(String.valueOf(policy)).contains("ALBRequestCountPerTarget"));
	}

	@Test
	void servesHttpsWithAModernTlsPolicyAndRedirectsHttpWhenGivenACertificate() {
		Map<String, Object> https = this.services.properties("HttpsListener");
		assertThat(https).containsEntry("Protocol", "HTTPS");
		assertThat(String.valueOf(https.get("SslPolicy"))).startsWith("ELBSecurityPolicy-TLS13");
		assertThat(this.services.resources().get("HttpsListener")).containsEntry("Condition", "HasCertificate");
		Map<String, Object> httpAction = map(
				list(this.services.properties("HttpListener").get("DefaultActions")).get(0));
		List<Object> choice = list(httpAction.get("Fn::If"));
		assertThat(choice.get(0)).isEqualTo("HasCertificate");
		assertThat(map(choice.get(1))).containsEntry("Type", "redirect");
		assertThat(map(map(choice.get(1)).get("RedirectConfig"))).containsEntry("Protocol", "HTTPS");
	}

	@Test
	void keepsLogsForALimitedTime() {
		assertThat(this.services.resources("AWS::Logs::LogGroup")).hasSize(3)
			.allSatisfy((id, group) -> assertThat(group).containsKey("RetentionInDays"));
	}

	@Test
	void namesEveryQueueInMetricDimensionsByItsQueueNameNotItsUrl() {
		Map<String, Map<String, Object>> queues = this.messaging.resources("AWS::SQS::Queue");
		List<Object> queueNames = queues.values().stream().map((queue) -> queue.get("QueueName")).toList();
		List<Map<String, Object>> sqsMetrics = new ArrayList<>();
		this.messaging.resources("AWS::CloudWatch::Alarm").values().forEach(sqsMetrics::add);
		this.services.resources("AWS::ApplicationAutoScaling::ScalingPolicy").values().forEach((policy) -> {
			Map<String, Object> custom = map(
					map(policy.get("TargetTrackingScalingPolicyConfiguration")).get("CustomizedMetricSpecification"));
			if (custom != null) {
				list(custom.get("Metrics")).stream()
					.map((metric) -> ComposeFileTests.<Object>map(map(metric).get("MetricStat")))
					.filter(Objects::nonNull)
					.forEach((stat) -> sqsMetrics.add(map(stat.get("Metric"))));
			}
		});
		List<Map<String, Object>> onQueues = sqsMetrics.stream()
			.filter((metric) -> "AWS/SQS".equals(metric.get("Namespace")))
			.toList();
		assertThat(onQueues).hasSizeGreaterThanOrEqualTo(queues.size() + 2);
		onQueues.forEach((metric) -> {
			List<Object> dimensions = list(metric.get("Dimensions"));
			assertThat(dimensions).as(String.valueOf(metric)).hasSize(1);
			Map<String, Object> dimension = map(dimensions.get(0));
			assertThat(dimension).as(String.valueOf(metric)).containsEntry("Name", "QueueName");
			Object value = dimension.get("Value");
			if (value instanceof String name) {
				assertThat(name).as(String.valueOf(metric)).isIn(queueNames);
			}
			else {
				List<Object> attribute = getAtt(value);
				assertThat(attribute).as(metric + ": a queue's name is !GetAtt Queue.QueueName (!Ref is its URL)")
					.isNotNull()
					.element(1)
					.isEqualTo("QueueName");
				assertThat(queues).containsKey(String.valueOf(attribute.get(0)));
			}
		});
	}

	/** The objects of the claim check's bucket, as {@link #describe} names them. */
	private static final String PAYLOADS = "bucket fanout-lab-payloads-${AWS::AccountId}-${AWS::Region}/*";

	@Test
	void grantsEachRoleExactlyTheActionsItNeedsOnExactlyTheResourcesItUses() {
		Map<String, Set<String>> expected = Map.of("ProducerTaskRole", grants(
				grant("topic orders", "sns:Publish", "sns:GetTopicAttributes"),
				grant("topic orders.fifo", "sns:Publish", "sns:GetTopicAttributes"),
				grant("key MessagingKey", "kms:GenerateDataKey", "kms:Decrypt"),
				grant("table fanout-lab-idempotency-keys", "dynamodb:PutItem", "dynamodb:UpdateItem",
						"dynamodb:DeleteItem"),
				grant(PAYLOADS, "s3:PutObject"),
				grant("* if cloudwatch:namespace StringEquals parameter MetricsNamespace", "cloudwatch:PutMetricData")),
				"ConsumerTaskRole",
				grants(grant("queue order-fulfilment", "sqs:ReceiveMessage", "sqs:DeleteMessage",
						"sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
						grant("queue order-fulfilment-dlq", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
						grant("queue order-fulfilment.fifo", "sqs:ReceiveMessage", "sqs:DeleteMessage",
								"sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
						grant("queue order-fulfilment-dlq.fifo", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
						grant("key MessagingKey", "kms:Decrypt"),
						grant("table fanout-lab-fulfilments", "dynamodb:PutItem", "dynamodb:GetItem"),
						grant("table fanout-lab-fulfilments/index/orderId-index", "dynamodb:Query"),
						grant(PAYLOADS, "s3:GetObject"),
						grant("* if cloudwatch:namespace StringEquals parameter MetricsNamespace",
								"cloudwatch:PutMetricData")),
				"NotifierTaskRole",
				grants(grant("queue order-notifications", "sqs:ReceiveMessage", "sqs:DeleteMessage",
						"sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
						grant("queue order-notifications-dlq", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
						grant("queue order-notifications.fifo", "sqs:ReceiveMessage", "sqs:DeleteMessage",
								"sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
						grant("queue order-notifications-dlq.fifo", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
						grant("key MessagingKey", "kms:Decrypt"),
						grant("table fanout-lab-notifications", "dynamodb:PutItem", "dynamodb:UpdateItem",
								"dynamodb:DeleteItem"),
						grant("table fanout-lab-notifications/index/orderId-index", "dynamodb:Query"),
						grant(PAYLOADS, "s3:GetObject"),
						grant("* if cloudwatch:namespace StringEquals parameter MetricsNamespace",
								"cloudwatch:PutMetricData")),
				"TaskExecutionRole",
				grants(grant("parameter SmtpCredentialsSecretArn", "secretsmanager:GetSecretValue"), grant(
						"parameter SmtpCredentialsKeyArn if kms:ViaService StringEquals secretsmanager.${AWS::Region}.amazonaws.com",
						"kms:Decrypt"),
						grant("arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
								"managed policy")));
		Map<String, Set<String>> granted = new TreeMap<>();
		this.services.resources("AWS::IAM::Role").forEach((role, properties) -> {
			Set<String> pairs = new TreeSet<>();
			statements(properties).forEach((statement) -> {
				assertThat(statement).as(role).containsEntry("Effect", "Allow");
				assertThat(statement.keySet()).as(role).isSubsetOf("Sid", "Effect", "Action", "Resource", "Condition");
				String condition = statement.containsKey("Condition")
						? " if " + describeCondition(map(statement.get("Condition"))) : "";
				items(statement.get("Action")).forEach((action) -> items(statement.get("Resource"))
					.forEach((resource) -> pairs.add(action + " on " + describe(resource) + condition)));
			});
			list(properties.get("ManagedPolicyArns"))
				.forEach((policy) -> pairs.add("managed policy on " + describe(policy)));
			assertThat(map(properties.get("AssumeRolePolicyDocument")).toString()).as(role)
				.contains("Service=ecs-tasks.amazonaws.com");
			granted.put(role, pairs);
		});
		assertThat(granted).isEqualTo(expected);
	}

	@Test
	void grantsEachServiceTheDynamoDbOperationsItsCodeCallsAndNoOthers() {
		containers().forEach((name, container) -> {
			String role = target(this.services.properties(taskDefinitionOf(name)).get("TaskRoleArn"));
			Set<String> granted = new TreeSet<>();
			statements(this.services.properties(role)).forEach((statement) -> items(statement.get("Action")).stream()
				.map(String::valueOf)
				.filter((action) -> action.startsWith("dynamodb:"))
				.forEach(granted::add));
			assertThat(granted).as(name + " (" + role + ")").isEqualTo(dynamoDbOperationsCalledBy(name));
		});
	}

	@Test
	void grantsEachServiceItsRoleOnTheQueueTableAndTopicItsConfigurationNames() {
		containers().forEach((name, container) -> {
			Map<String, String> environment = environment(container);
			ServiceConfiguration configuration = configuration(name, environment);
			String role = target(this.services.properties(taskDefinitionOf(name)).get("TaskRoleArn"));
			Set<String> granted = new TreeSet<>();
			statements(this.services.properties(role)).forEach(
					(statement) -> items(statement.get("Action")).forEach((action) -> items(statement.get("Resource"))
						.forEach((resource) -> granted.add(action + " on " + describe(resource)))));
			String queue = configuration.property(environment, "fanout-lab.listener.queue");
			if (queue != null) {
				assertThat(granted).as(name).contains("sqs:ReceiveMessage on queue " + queue);
			}
			String table = Stream
				.of("fanout-lab.idempotency.table", "fanout-lab.fulfilment.table", "fanout-lab.notifications.table")
				.map((property) -> configuration.property(environment, property))
				.filter(Objects::nonNull)
				.findFirst()
				.orElseThrow(() -> new AssertionError(name + " names no table"));
			assertThat(granted).as(name).anySatisfy((grant) -> assertThat(grant).endsWith(" on table " + table));
			if ("producer-service".equals(name)) {
				assertThat(environment).containsEntry("ORDERS_TOPIC_ARN", "topic " + Topology.fanoutLab().topicName());
				assertThat(granted).contains("sns:Publish on topic " + Topology.fanoutLab().topicName());
				assertThat(environment).containsEntry("ORDERS_FIFO_TOPIC_ARN",
						"topic " + Topology.fanoutLab().fifoTopicName());
				assertThat(granted).contains("sns:Publish on topic " + Topology.fanoutLab().fifoTopicName());
			}
		});
	}

	@Test
	void setsOnlyEnvironmentVariablesTheServicesRead() {
		containers().forEach((name, container) -> {
			Map<String, String> environment = environment(container);
			ServiceConfiguration configuration = configuration(name, environment);
			assertThat(environment.keySet()).as(name)
				.allSatisfy((variable) -> assertThat(configuration.reads(variable))
					.as("%s sets %s, which neither its application.yml (${...}), Spring Boot (relaxed binding)"
							+ " nor the AWS SDK reads", name, variable)
					.isTrue());
		});
	}

	@Test
	void forwardsOnlyPostApiOrdersToTheProducerAndAnswersEverythingElse404() {
		Map<String, Map<String, Object>> listeners = this.services.resources("AWS::ElasticLoadBalancingV2::Listener");
		assertThat(listeners).containsOnlyKeys("HttpListener", "HttpsListener");
		listeners.forEach((id, listener) -> list(listener.get("DefaultActions")).stream()
			.flatMap((action) -> choices(action).stream())
			.forEach((action) -> {
				assertThat(action.get("Type")).as(id + " default action").isIn("fixed-response", "redirect");
				if ("fixed-response".equals(action.get("Type"))) {
					assertThat(map(action.get("FixedResponseConfig"))).as(id).containsEntry("StatusCode", "404");
				}
				else {
					assertThat(map(action.get("RedirectConfig"))).as(id).containsEntry("Protocol", "HTTPS");
				}
			}));
		List<Map<String, Object>> forwarding = this.services.resources("AWS::ElasticLoadBalancingV2::ListenerRule")
			.values()
			.stream()
			.filter((rule) -> !forwardedTargetGroups(rule.get("Actions")).isEmpty())
			.toList();
		assertThat(forwarding).hasSize(1);
		Map<String, Object> rule = forwarding.get(0);
		assertThat(forwardedTargetGroups(rule.get("Actions"))).containsExactly("ProducerTargetGroup");
		assertThat(list(map(rule.get("ListenerArn")).get("Fn::If"))).as("the serving listener")
			.containsExactly("HasCertificate", Map.of("Ref", "HttpsListener"), Map.of("Ref", "HttpListener"));
		Map<String, List<Object>> conditions = conditions(rule);
		assertThat(conditions).containsOnlyKeys("path-pattern", "http-request-method", "http-header");
		assertThat(conditions.get("path-pattern")).containsExactly("/api/orders");
		assertThat(conditions.get("http-request-method")).containsExactly("POST");
	}

	@Test
	void forwardsOrdersOnlyWithTheApiKeyWhenOneIsSet() {
		assertThat(this.services.parameter("ApiKey")).containsEntry("NoEcho", true).containsEntry("Default", "");
		assertThat(String.valueOf(map(map(this.services.document().get("Conditions")).get("HasApiKey"))))
			.isEqualTo("{Fn::Not=[{Fn::Equals=[{Ref=ApiKey}, ]}]}");
		Map<String, Object> rule = this.services.properties("OrdersRule");
		Map<String, Object> header = list(rule.get("Conditions")).stream()
			.map(ComposeFileTests::<Object>map)
			.filter((condition) -> condition.containsKey("Fn::If"))
			.map((condition) -> list(condition.get("Fn::If")))
			.filter((choice) -> "HasApiKey".equals(choice.get(0)))
			.map((choice) -> ComposeFileTests.<Object>map(choice.get(1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("OrdersRule has no HasApiKey header condition"));
		assertThat(header).containsEntry("Field", "http-header");
		assertThat(map(header.get("HttpHeaderConfig"))).containsEntry("HttpHeaderName", "X-Api-Key")
			.containsEntry("Values", List.of(Map.of("Ref", "ApiKey")));
	}

	@Test
	void keepsActuatorOnAManagementPortThatNoListenerForwardsTo() {
		containers().forEach((name, container) -> {
			ServiceConfiguration configuration = configuration(name, environment(container));
			assertThat(managementPort(name)).as(name + " management.server.port")
				.isNotNull()
				.isNotEqualTo(configuration.property(environment(container), "server.port"));
		});
		String serverPort = configuration("producer-service", environment(containers().get("producer-service")))
			.property(environment(containers().get("producer-service")), "server.port");
		Map<String, Object> targetGroup = this.services.properties("ProducerTargetGroup");
		assertThat(String.valueOf(targetGroup.get("Port"))).isEqualTo(serverPort);
		assertThat(list(this.services.properties("ProducerService").get("LoadBalancers"))).singleElement()
			.satisfies(
					(balanced) -> assertThat(String.valueOf(map(balanced).get("ContainerPort"))).isEqualTo(serverPort));
		Set<String> forwarded = new TreeSet<>();
		this.services.resources("AWS::ElasticLoadBalancingV2::Listener")
			.values()
			.forEach((listener) -> forwarded.addAll(forwardedTargetGroups(listener.get("DefaultActions"))));
		this.services.resources("AWS::ElasticLoadBalancingV2::ListenerRule")
			.values()
			.forEach((rule) -> forwarded.addAll(forwardedTargetGroups(rule.get("Actions"))));
		assertThat(forwarded).containsOnly("ProducerTargetGroup");
		assertThat(ingressPorts("LoadBalancerSecurityGroup")).containsOnly("80", "443");
	}

	@Test
	void checksHealthOnTheManagementPortWhichOnlyTheLoadBalancerReaches() {
		String managementPort = managementPort("producer-service");
		Map<String, Object> targetGroup = this.services.properties("ProducerTargetGroup");
		assertThat(targetGroup).containsEntry("HealthCheckPort", managementPort)
			.containsEntry("HealthCheckPath", "/actuator/health/readiness");
		assertThat(ingressPorts("ProducerSecurityGroup")).contains(managementPort);
		assertThat(list(this.services.properties("ProducerSecurityGroup").get("SecurityGroupIngress")))
			.allSatisfy((rule) -> assertThat(target(map(rule).get("SourceSecurityGroupId")))
				.isEqualTo("LoadBalancerSecurityGroup"));
		containers()
			.forEach((name, container) -> assertThat(String.valueOf(map(container.get("HealthCheck")).get("Command")))
				.as(name + " container health check")
				.contains("/dev/tcp/127.0.0.1/" + managementPort(name) + " ", "/actuator/health/"));
	}

	@Test
	void showsNoHealthDetailsOnAws() {
		containers().forEach((name, container) -> {
			ServiceConfiguration configuration = configuration(name, environment(container));
			assertThat(configuration.property(environment(container), "management.endpoint.health.show-details"))
				.as(name)
				.isEqualTo("never");
			assertThat(configuration.property(environment(container), "management.endpoint.health.show-components"))
				.as(name)
				.isIn(null, "never");
		});
	}

	@Test
	void limitsRequestsPerClientAddressWithARateBasedWafRuleOnTheLoadBalancer() {
		Map<String, Map<String, Object>> associations = this.services.resources("AWS::WAFv2::WebACLAssociation");
		assertThat(associations.values())
			.anySatisfy((association) -> assertThat(target(association.get("ResourceArn"))).isEqualTo("LoadBalancer"));
		Map<String, Object> association = associations.values()
			.stream()
			.filter((candidate) -> "LoadBalancer".equals(target(candidate.get("ResourceArn"))))
			.findFirst()
			.orElseThrow();
		assertThat(getAtt(association.get("WebACLArn"))).element(1).isEqualTo("Arn");
		Map<String, Object> acl = this.services.properties(target(association.get("WebACLArn")));
		assertThat(acl).containsEntry("Scope", "REGIONAL");
		assertThat(list(acl.get("Rules"))).anySatisfy((item) -> {
			Map<String, Object> rule = map(item);
			assertThat(map(rule.get("Action"))).containsKey("Block");
			Map<String, Object> rate = map(map(rule.get("Statement")).get("RateBasedStatement"));
			assertThat(rate).containsEntry("AggregateKeyType", "IP");
			String limit = target(rate.get("Limit"));
			assertThat(this.services.parameter(limit)).containsEntry("Type", "Number").containsKey("Default");
		});
	}

	/** Container definitions of the task definitions, by container (and module) name. */
	private Map<String, Map<String, Object>> containers() {
		Map<String, Map<String, Object>> containers = new TreeMap<>();
		this.services.resources("AWS::ECS::TaskDefinition")
			.values()
			.forEach((task) -> list(task.get("ContainerDefinitions")).forEach((item) -> {
				Map<String, Object> container = map(item);
				containers.put(String.valueOf(container.get("Name")), container);
			}));
		assertThat(containers).containsOnlyKeys("producer-service", "consumer-service", "notifier-service");
		return containers;
	}

	private String taskDefinitionOf(String container) {
		return this.services.resources("AWS::ECS::TaskDefinition")
			.entrySet()
			.stream()
			.filter((task) -> list(task.getValue().get("ContainerDefinitions")).stream()
				.anyMatch((item) -> container.equals(map(item).get("Name"))))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow();
	}

	/** Environment variables and secrets of a container, intrinsic values described. */
	private static Map<String, String> environment(Map<String, Object> container) {
		Map<String, String> environment = new TreeMap<>();
		list(container.get("Environment")).forEach(
				(item) -> environment.put(String.valueOf(map(item).get("Name")), describe(map(item).get("Value"))));
		list(container.get("Secrets")).forEach((item) -> environment.put(String.valueOf(map(item).get("Name")),
				"secret " + describe(map(item).get("ValueFrom"))));
		return environment;
	}

	private static ServiceConfiguration configuration(String module, Map<String, String> environment) {
		String profiles = environment.getOrDefault("SPRING_PROFILES_ACTIVE", "");
		return ServiceConfiguration.of(module, profiles.isEmpty() ? List.of() : List.of(profiles.split(",")));
	}

	private String managementPort(String container) {
		Map<String, String> environment = environment(containers().get(container));
		return configuration(container, environment).property(environment, "management.server.port");
	}

	private List<String> ingressPorts(String securityGroup) {
		return list(this.services.properties(securityGroup).get("SecurityGroupIngress")).stream()
			.map(ComposeFileTests::<Object>map)
			.map((rule) -> {
				assertThat(rule.get("FromPort")).as(securityGroup + " port range").isEqualTo(rule.get("ToPort"));
				return String.valueOf(rule.get("FromPort"));
			})
			.toList();
	}

	/**
	 * The branches of {@code Fn::If} ({@code AWS::NoValue} left out), or the value
	 * itself.
	 */
	private static List<Map<String, Object>> choices(Object value) {
		Map<String, Object> map = map(value);
		if (map != null && map.containsKey("Fn::If")) {
			List<Object> choice = list(map.get("Fn::If"));
			return choice.subList(1, 3)
				.stream()
				.filter((branch) -> !Map.of("Ref", "AWS::NoValue").equals(branch))
				.map(ComposeFileTests::<Object>map)
				.toList();
		}
		return List.of(map);
	}

	/** Target groups the actions forward to, in every branch of a condition. */
	private static Set<String> forwardedTargetGroups(Object actions) {
		Set<String> groups = new TreeSet<>();
		list(actions).stream().flatMap((action) -> choices(action).stream()).forEach((action) -> {
			if (action.get("TargetGroupArn") != null) {
				groups.add(target(action.get("TargetGroupArn")));
			}
			Map<String, Object> forward = map(action.get("ForwardConfig"));
			if (forward != null) {
				list(forward.get("TargetGroups"))
					.forEach((group) -> groups.add(target(map(group).get("TargetGroupArn"))));
			}
		});
		return groups;
	}

	/** A listener rule's conditions: field to values, in every branch of a condition. */
	private static Map<String, List<Object>> conditions(Map<String, Object> rule) {
		Map<String, List<Object>> conditions = new TreeMap<>();
		list(rule.get("Conditions")).stream()
			.flatMap((condition) -> choices(condition).stream())
			.forEach((condition) -> {
				String field = String.valueOf(condition.get("Field"));
				List<Object> values = new ArrayList<>(list(condition.get("Values")));
				condition.forEach((key, config) -> {
					if (key.endsWith("Config")) {
						values.addAll(list(map(config).get("Values")));
					}
				});
				assertThat(conditions).as("one condition per field").doesNotContainKey(field);
				conditions.put(field, values);
			});
		return conditions;
	}

	/** DynamoDB operations the service's main code calls, as IAM actions. */
	private static Set<String> dynamoDbOperationsCalledBy(String module) {
		Pattern call = Pattern.compile(
				"\\.(putItem|getItem|updateItem|deleteItem|query|scan|batchGetItem|batchWriteItem|transactGetItems|transactWriteItems)(?:Paginator)?\\s*\\(");
		Set<String> actions = new TreeSet<>();
		try (Stream<Path> files = Files.walk(Repository.file(module + "/src/main/java"))) {
			files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> {
				String source = Repository.text(Repository.root().relativize(file).toString());
				if (source.contains("software.amazon.awssdk.services.dynamodb")) {
					Matcher matcher = call.matcher(source);
					while (matcher.find()) {
						String operation = matcher.group(1);
						actions.add("dynamodb:" + Character.toUpperCase(operation.charAt(0)) + operation.substring(1));
					}
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return actions;
	}

	/** The value of {@code !If [condition, value, other]} when its condition holds. */
	static Object whenTrue(Object value) {
		Map<String, Object> function = (value instanceof Map<?, ?>) ? map(value) : null;
		if (function != null && function.containsKey("Fn::If")) {
			return list(function.get("Fn::If")).get(1);
		}
		return value;
	}

	@SafeVarargs
	private static Set<String> grants(Set<String>... grants) {
		Set<String> all = new TreeSet<>();
		for (Set<String> grant : grants) {
			all.addAll(grant);
		}
		return all;
	}

	private static Set<String> grant(String resource, String... actions) {
		Set<String> pairs = new TreeSet<>();
		for (String action : actions) {
			pairs.add(action + " on " + resource);
		}
		return pairs;
	}

	/**
	 * A value as IAM and ECS will see it: parameters by name, imports of the messaging
	 * stack by the resource they export ({@code queue order-fulfilment}).
	 */
	private static String describeCondition(Map<String, Object> condition) {
		List<String> terms = new ArrayList<>();
		condition.forEach((operator, keys) -> map(keys)
			.forEach((key, value) -> terms.add(key + " " + operator + " " + describe(value))));
		return String.join(" and ", terms);
	}

	private static String describe(Object value) {
		if (value instanceof String || value instanceof Number || value instanceof Boolean) {
			return String.valueOf(value);
		}
		Map<String, Object> function = map(value);
		if (function.containsKey("Ref")) {
			String name = String.valueOf(function.get("Ref"));
			return name.startsWith("AWS::") ? name : "parameter " + name;
		}
		if (function.containsKey("Fn::ImportValue")) {
			return exported(describe(function.get("Fn::ImportValue")));
		}
		if (function.containsKey("Fn::Sub")) {
			Object sub = function.get("Fn::Sub");
			String text = (sub instanceof String string) ? string : String.valueOf(list(sub).get(0));
			Map<String, Object> variables = (sub instanceof String) ? Map.of() : map(list(sub).get(1));
			for (Map.Entry<String, Object> variable : variables.entrySet()) {
				text = text.replace("${" + variable.getKey() + "}", describe(variable.getValue()));
			}
			return text.replace("${MessagingStackName}", "parameter MessagingStackName");
		}
		return String.valueOf(value);
	}

	/**
	 * The resource behind an export of the messaging stack, e.g. {@code topic orders}.
	 */
	private static String exported(String exportName) {
		Template messaging = Template.of("infra/messaging.yaml");
		String prefix = "parameter MessagingStackName-";
		assertThat(exportName).startsWith(prefix);
		String name = exportName.substring(prefix.length());
		Map<String, Object> output = map(map(messaging.document().get("Outputs")).values()
			.stream()
			.filter((candidate) -> Map.of("Fn::Sub", "${AWS::StackName}-" + name)
				.equals(map(map(candidate).get("Export")).get("Name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("infra/messaging.yaml exports no " + name)));
		Object value = output.get("Value");
		String resource = target(value);
		String type = String.valueOf(messaging.resources().get(resource).get("Type"));
		Map<String, Object> properties = messaging.properties(resource);
		// a bucket's name is what !Ref returns, and what a service configures
		boolean bucketName = "AWS::S3::Bucket".equals(type) && name.endsWith("Name");
		if (!"AWS::SNS::Topic".equals(type) && !bucketName) {
			assertThat(getAtt(value)).as(name + ": an ARN, not what !Ref returns").containsExactly(resource, "Arn");
		}
		return switch (type) {
			case "AWS::SNS::Topic" -> "topic " + properties.get("TopicName");
			case "AWS::SQS::Queue" -> "queue " + properties.get("QueueName");
			case "AWS::DynamoDB::Table" -> "table " + properties.get("TableName");
			case "AWS::KMS::Key" -> "key " + resource;
			case "AWS::S3::Bucket" -> "bucket " + describe(properties.get("BucketName"));
			default -> throw new AssertionError(name + " exports a " + type);
		};
	}

	/** The roles the task definitions give their containers ({@code TaskRoleArn}). */
	private Map<String, Map<String, Object>> taskRoles() {
		Map<String, Map<String, Object>> roles = new TreeMap<>();
		this.services.resources("AWS::ECS::TaskDefinition").values().forEach((task) -> {
			String role = target(task.get("TaskRoleArn"));
			roles.put(role, this.services.properties(role));
		});
		return roles;
	}

	/**
	 * The statements of a role's inline policies; a policy under {@code !If} counts as
	 * granted (its condition may hold).
	 */
	static List<Map<String, Object>> statements(Map<String, Object> role) {
		return list(role.get("Policies")).stream()
			.map(CloudFormationTemplateTests::whenTrue)
			.filter(Objects::nonNull)
			.flatMap((policy) -> list(map(map(policy).get("PolicyDocument")).get("Statement")).stream())
			.map(ComposeFileTests::<Object>map)
			.toList();
	}

	/**
	 * A dead-letter queue's name: {@code x-dlq}, or {@code x-dlq.fifo} on the FIFO lane.
	 */
	static boolean isDeadLetterQueue(String name) {
		return name.endsWith("-dlq") || name.endsWith("-dlq.fifo");
	}

	/** The dead-letter queue of a source queue, as Topology names it. */
	static String deadLetterQueueOf(String name) {
		return name.endsWith(".fifo") ? name.substring(0, name.length() - ".fifo".length()) + "-dlq.fifo"
				: name + "-dlq";
	}

	/**
	 * The queues named as a subscription's dead-letter queue (its {@code RedrivePolicy}).
	 */
	private List<String> subscriptionDeadLetterQueues() {
		return this.messaging.resources("AWS::SNS::Subscription")
			.values()
			.stream()
			.map((subscription) -> map(subscription.get("RedrivePolicy")))
			.filter(Objects::nonNull)
			.map((redrive) -> target(redrive.get("deadLetterTargetArn")))
			.toList();
	}

	private List<String> deadLetterQueues() {
		return this.messaging.resources("AWS::SQS::Queue")
			.entrySet()
			.stream()
			.filter((queue) -> isDeadLetterQueue(String.valueOf(queue.getValue().get("QueueName"))))
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * Alarms on a queue: CloudWatch names an SQS queue by its name, {@code !GetAtt
	 * Queue.QueueName}; {@code !Ref Queue} is its URL, which matches no metric.
	 */
	private List<Map<String, Object>> alarmsOn(String queue) {
		return this.messaging.resources("AWS::CloudWatch::Alarm")
			.values()
			.stream()
			.filter((alarm) -> list(alarm.get("Dimensions")).stream()
				.map(ComposeFileTests::<Object>map)
				.anyMatch((dimension) -> "QueueName".equals(dimension.get("Name"))
						&& List.of(queue, "QueueName").equals(getAtt(dimension.get("Value")))))
			.toList();
	}

	private static List<Object> getAtt(Object value) {
		Map<String, Object> function = map(value);
		return (function != null && function.containsKey("Fn::GetAtt")) ? list(function.get("Fn::GetAtt")) : null;
	}

}
