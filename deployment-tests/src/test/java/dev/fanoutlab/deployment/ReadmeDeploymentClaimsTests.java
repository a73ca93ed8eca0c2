package dev.fanoutlab.deployment;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static dev.fanoutlab.deployment.ComposeFileTests.list;
import static dev.fanoutlab.deployment.ComposeFileTests.map;
import static dev.fanoutlab.deployment.Template.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each statement of README "Deploy to AWS" about the deployment, next to the template or
 * script rule that makes it true: changing one without the other fails here.
 */
class ReadmeDeploymentClaimsTests {

	private final String readme = section(Repository.text("README.md"));

	private final Template messaging = Template.of("infra/messaging.yaml");

	private final Template services = Template.of("infra/services.yaml");

	private final String deploy = Repository.text("scripts/deploy-aws.sh");

	private final String destroy = Repository.text("scripts/destroy-aws.sh");

	@Test
	void namesTheStacksTheScriptsDeployAndOffersNoStackPrefixBecauseResourceNamesAreFixed() {
		for (String stack : List.of("fanout-lab-messaging", "fanout-lab-services")) {
			assertThat(this.readme).contains("`" + stack + "`");
			assertThat(this.deploy).contains("_stack=" + stack);
			assertThat(this.destroy).contains(stack);
		}
		assertThat(this.readme).contains("one copy per account and region");
		for (String file : List.of("README.md", "Makefile", "scripts/deploy-aws.sh", "scripts/destroy-aws.sh")) {
			assertThat(Repository.text(file)).as(file).doesNotContain("STACK_PREFIX");
		}
		Map<String, String> nameProperties = Map.of("AWS::SQS::Queue", "QueueName", "AWS::SNS::Topic", "TopicName",
				"AWS::DynamoDB::Table", "TableName", "AWS::ECS::Cluster", "ClusterName", "AWS::ECS::Service",
				"ServiceName", "AWS::Logs::LogGroup", "LogGroupName", "AWS::CloudWatch::Alarm", "AlarmName");
		for (Template template : List.of(this.messaging, this.services)) {
			nameProperties.forEach((type, property) -> template.resources(type)
				.forEach((id, resource) -> assertThat(resource.get(property)).as(id + " " + property)
					.isInstanceOf(String.class)));
		}
	}

	@Test
	void alarmsOnTheAgeOfEachSourceQueueAndOnEveryDeadLetterQueueAsItSays() {
		assertThat(this.readme)
			.contains("CloudWatch alarms on every DLQ (any visible message) and on the age of the oldest\n"
					+ "  message of each source queue (`order-fulfilment`, `order-notifications` and their `.fifo`\n"
					+ "  twins;");
		Set<String> aged = new TreeSet<>();
		Set<String> dead = new TreeSet<>();
		this.messaging.resources("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
			String queue = target(map(list(alarm.get("Dimensions")).get(0)).get("Value"));
			String name = String.valueOf(this.messaging.properties(queue).get("QueueName"));
			(("ApproximateAgeOfOldestMessage".equals(alarm.get("MetricName"))) ? aged : dead).add(name);
		});
		Set<String> queues = new TreeSet<>();
		this.messaging.resources("AWS::SQS::Queue")
			.values()
			.forEach((queue) -> queues.add((String) queue.get("QueueName")));
		assertThat(aged).containsExactlyInAnyOrder("order-fulfilment", "order-notifications", "order-fulfilment.fifo",
				"order-notifications.fifo");
		assertThat(dead)
			.containsExactlyElementsOf(queues.stream().filter(CloudFormationTemplateTests::isDeadLetterQueue).toList());
		assertThat(aged).allSatisfy(
				(queue) -> assertThat(queues).contains(queue, CloudFormationTemplateTests.deadLetterQueueOf(queue)));
	}

	@Test
	void drawsTheScalingBoundsTheScalableTargetsHave() {
		assertThat(this.readme).contains("producer-service<br/>Fargate, 2–10 tasks", "consumer-service<br/>1–10 tasks",
				"notifier-service<br/>1–10 tasks");
		assertThat(this.services.properties("ProducerScalableTarget")).containsEntry("MinCapacity", 2)
			.containsEntry("MaxCapacity", 10);
		assertThat(this.services.parameter("MaxReaderTasks")).containsEntry("Default", 10);
		for (String reader : List.of("ConsumerScalableTarget", "NotifierScalableTarget")) {
			assertThat(this.services.properties(reader)).containsEntry("MinCapacity", 1)
				.containsEntry("MaxCapacity", Map.of("Ref", "MaxReaderTasks"));
		}
		assertThat(this.readme).contains("with no `DesiredCount` in the\n  template");
		this.services.resources("AWS::ECS::Service")
			.forEach((id, service) -> assertThat(service).as(id).doesNotContainKey("DesiredCount"));
	}

	@Test
	void listsTheVpcEndpointsTheTemplateCreates() {
		Map<String, String> named = Map.of("sns", "SNS", "sqs", "SQS", "ecr.api", "ECR (API and Docker)", "ecr.dkr",
				"ECR (API and Docker)", "logs", "CloudWatch Logs", "monitoring", "CloudWatch (metrics)",
				"secretsmanager", "Secrets Manager", "email-smtp", "SES SMTP", "s3", "S3 (image layers)", "dynamodb",
				"and DynamoDB");
		Matcher claim = Pattern
			.compile("creates interface endpoints for (.+?) and gateway endpoints for (.+?)\\.", Pattern.DOTALL)
			.matcher(this.readme);
		assertThat(claim.find()).as("the README lists the endpoints").isTrue();
		String listed = (claim.group(1) + " and gateway " + claim.group(2)).replaceAll("\\s+", " ");
		int interfaces = 0;
		for (Map<String, Object> endpoint : this.services.resources("AWS::EC2::VPCEndpoint").values()) {
			String service = String.valueOf(map(endpoint.get("ServiceName")).get("Fn::Sub"))
				.replace("com.amazonaws.${AWS::Region}.", "");
			assertThat(named).as(service + " has a README name").containsKey(service);
			assertThat(listed).as(service).contains(named.get(service));
			interfaces += "Interface".equals(endpoint.get("VpcEndpointType")) ? 1 : 0;
		}
		assertThat(this.readme).contains("(" + interfaces + "\ninterface endpoints in 2 Availability Zones");
	}

	@Test
	void saysWhatDestroyLeavesAndWhy() {
		assertThat(this.readme).contains(
				"**DynamoDB system backups** that point-in-time recovery takes when a table is deleted,\n  kept 35 days");
		assertThat(this.messaging.resources("AWS::DynamoDB::Table")).isNotEmpty()
			.allSatisfy((id, table) -> assertThat(map(table.get("PointInTimeRecoverySpecification")))
				.containsEntry("PointInTimeRecoveryEnabled", true));
		assertThat(this.readme).contains("7-day pending window");
		assertThat(this.messaging.properties("MessagingKey")).containsEntry("PendingWindowInDays", 7);
		assertThat(this.destroy).contains("system backups", "35 days", "KMS key", "7 days");
		String cluster = String.valueOf(this.services.properties("Cluster").get("ClusterName"));
		String insights = "/aws/ecs/containerinsights/" + cluster + "/performance";
		assertThat(this.services.properties("Cluster").get("ClusterSettings").toString()).contains("containerInsights",
				"enabled");
		assertThat(this.readme).contains("Container Insights log group `" + insights + "`");
		assertThat(this.destroy).contains("aws logs delete-log-group").contains("--log-group-name " + insights);
	}

	@Test
	void pricesTheMinimumTasksTheTemplateRuns() {
		int minimum = this.services.resources("AWS::ApplicationAutoScaling::ScalableTarget")
			.values()
			.stream()
			.mapToInt((target) -> (Integer) target.get("MinCapacity"))
			.sum();
		assertThat(minimum).isEqualTo(4);
		assertThat(this.readme).contains("the four\nminimum Fargate tasks (0.5 vCPU, 1 GB each)", "per day");
		this.services.resources("AWS::ECS::TaskDefinition")
			.forEach((id, task) -> assertThat(task).as(id).containsEntry("Cpu", "512").containsEntry("Memory", "1024"));
	}

	@Test
	void publishesTheMetricsAndDashboardItNamesAndKeepsPrometheusInsideTheTask() {
		assertThat(this.readme)
			.contains("The CloudWatch dashboard `" + this.services.properties("Dashboard").get("DashboardName") + "`");
		assertThat(this.readme)
			.contains("namespace `" + this.services.parameter("MetricsNamespace").get("Default") + "`");
		assertThat(this.readme).contains("`MANAGEMENT_METRICS_ENABLE_ALL=false`",
				"`/actuator/prometheus` exists in each task but nothing outside the task reaches it on\nAWS");
		this.services.resources("AWS::ECS::TaskDefinition").forEach((id, task) -> {
			String environment = list(map(list(task.get("ContainerDefinitions")).get(0)).get("Environment")).toString();
			assertThat(environment).as(id)
				.contains("Name=MANAGEMENT_METRICS_ENABLE_ALL, Value=false")
				.contains("Name=MANAGEMENT_METRICS_ENABLE_FANOUTLAB, Value=true");
		});
		assertThat(this.services.properties("ReaderSecurityGroup")).doesNotContainKey("SecurityGroupIngress");
		assertThat(list(this.services.properties("ProducerSecurityGroup").get("SecurityGroupIngress")))
			.allSatisfy((rule) -> assertThat(target(map(rule).get("SourceSecurityGroupId")))
				.isEqualTo("LoadBalancerSecurityGroup"));
	}

	@Test
	void showsOnlyRequestsThatWorkAgainstTheDeployment() {
		Matcher curl = Pattern.compile("curl [^\\n]*?(https?://\\S+)").matcher(this.readme);
		int found = 0;
		while (curl.find()) {
			found++;
			// With a certificate, HTTP answers only 301: an order goes to https://.
			assertThat(curl.group(1)).as(curl.group()).startsWith("https://");
		}
		assertThat(found).isPositive();
		assertThat(this.readme).contains("`NOTIFICATIONS_FROM`", "`DOMAIN_NAME`", "`CPU_ARCHITECTURE=ARM64`");
		for (String variable : List.of("NOTIFICATIONS_FROM", "DOMAIN_NAME", "CPU_ARCHITECTURE", "SMTP_SECRET_KEY_ARN",
				"VPC_ENDPOINTS", "PRIVATE_ROUTE_TABLE_IDS")) {
			assertThat(this.deploy).as(variable).contains("${" + variable);
			assertThat(this.readme).as(variable).contains(variable);
		}
	}

	private static String section(String readme) {
		int start = readme.indexOf("## Deploy to AWS\n");
		int end = readme.indexOf("\n## ", start + 1);
		assertThat(start).as("README has 'Deploy to AWS'").isNotNegative();
		return readme.substring(start, end);
	}

}
