package dev.fanoutlab.deployment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.fanoutlab.deployment.ComposeFileTests.list;
import static dev.fanoutlab.deployment.ComposeFileTests.map;
import static dev.fanoutlab.deployment.Template.items;
import static dev.fanoutlab.deployment.Template.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security and operability rules of the AWS deployment in {@code infra/}. A real deploy
 * is not possible here; cfn-lint and these rules stand in for it.
 */
class CloudFormationTemplateTests {

	private final Template messaging = Template.of("infra/messaging.yaml");

	private final Template services = Template.of("infra/services.yaml");

	@Test
	void passesCfnLintWithoutErrorsOrWarnings() {
		Repository.Run lint = Repository.run("cfn-lint", "--", "infra/messaging.yaml", "infra/services.yaml");

		// cfn-lint exit code: bit 2 errors, bit 4 warnings, bit 8 informational.
		assertThat(lint.exitCode() & 6).as(lint.output()).isZero();
	}

	@Test
	void grantsTaskRolesNamedActionsOnNamedResourcesOnly() {
		Map<String, Map<String, Object>> taskRoles = taskRoles();
		assertThat(taskRoles).containsOnlyKeys("ProducerTaskRole", "ConsumerTaskRole", "NotifierTaskRole");
		taskRoles.forEach((role, properties) -> statements(properties).forEach((statement) -> {
			assertThat(items(statement.get("Action"))).as(role + " actions")
				.allSatisfy((action) -> assertThat(String.valueOf(action)).doesNotContain("*"));
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
			if (name.endsWith("-dlq")) {
				assertThat(map(queue.get("RedriveAllowPolicy"))).as(id).containsEntry("redrivePermission", "byQueue");
				return;
			}
			Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
			assertThat(redrive).as(id + " redrive policy").isNotNull();
			String deadLetterQueue = target(redrive.get("deadLetterTargetArn"));
			assertThat(queues.get(deadLetterQueue).get("QueueName")).as(id).isEqualTo(name + "-dlq");
			assertThat(redrive).containsKey("maxReceiveCount");
		});
	}

	@Test
	void letsOnlyTheTopicSendToEverySubscribedQueueAndDeniesInsecureTransport() {
		Map<String, Map<String, Object>> subscriptions = this.messaging.resources("AWS::SNS::Subscription");
		Map<String, Map<String, Object>> policies = this.messaging.resources("AWS::SQS::QueuePolicy");
		subscriptions.forEach((id, subscription) -> {
			if (!"sqs".equals(subscription.get("Protocol"))) {
				return;
			}
			String queue = target(subscription.get("Endpoint"));
			String topic = target(subscription.get("TopicArn"));
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
			if (!String.valueOf(queue.get("QueueName")).endsWith("-dlq")) {
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

	/** The roles the task definitions give their containers ({@code TaskRoleArn}). */
	private Map<String, Map<String, Object>> taskRoles() {
		Map<String, Map<String, Object>> roles = new java.util.TreeMap<>();
		this.services.resources("AWS::ECS::TaskDefinition").values().forEach((task) -> {
			String role = target(task.get("TaskRoleArn"));
			roles.put(role, this.services.properties(role));
		});
		return roles;
	}

	private static List<Map<String, Object>> statements(Map<String, Object> role) {
		return list(role.get("Policies")).stream()
			.flatMap((policy) -> list(map(map(policy).get("PolicyDocument")).get("Statement")).stream())
			.map(ComposeFileTests::<Object>map)
			.toList();
	}

	private List<String> deadLetterQueues() {
		return this.messaging.resources("AWS::SQS::Queue")
			.entrySet()
			.stream()
			.filter((queue) -> String.valueOf(queue.getValue().get("QueueName")).endsWith("-dlq"))
			.map(Map.Entry::getKey)
			.toList();
	}

	private List<Map<String, Object>> alarmsOn(String queue) {
		return this.messaging.resources("AWS::CloudWatch::Alarm")
			.values()
			.stream()
			.filter((alarm) -> list(alarm.get("Dimensions")).stream()
				.anyMatch((dimension) -> queue.equals(target(map(dimension).get("Value")))))
			.toList();
	}

}
