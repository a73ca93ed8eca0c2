package dev.fanoutlab.deployment;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static dev.fanoutlab.deployment.ComposeFileTests.list;
import static dev.fanoutlab.deployment.ComposeFileTests.map;
import static dev.fanoutlab.deployment.Template.items;
import static dev.fanoutlab.deployment.Template.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a first deploy into a fresh account needs from {@code infra/services.yaml}, read
 * as CloudFormation and the services would read it.
 */
class FirstDeployTemplateTests {

	private static final Pattern SCALED_SERVICE = Pattern.compile("service/\\$\\{Cluster}/\\$\\{(\\w+)\\.Name}");

	private final Template services = Template.of("infra/services.yaml");

	@Test
	void setsNoDesiredCountOnAServiceWithAScalableTargetSoADeployDoesNotResetIt() {
		Set<String> scaled = scaledServices();
		assertThat(scaled).containsExactlyInAnyOrderElementsOf(this.services.resources("AWS::ECS::Service").keySet());
		scaled.forEach((service) -> assertThat(this.services.properties(service)).as(service)
			.doesNotContainKey("DesiredCount"));
	}

	@Test
	void startsTheProducerOnlyAfterTheRuleThatAttachesItsTargetGroupWhicheverListenerHasIt() {
		Map<String, Object> producer = this.services.resources().get("ProducerService");
		String targetGroup = target(
				map(list(Template.properties(producer).get("LoadBalancers")).get(0)).get("TargetGroupArn"));
		List<Object> dependsOn = items(producer.get("DependsOn"));
		this.services.resources("AWS::ElasticLoadBalancingV2::ListenerRule").forEach((id, rule) -> {
			boolean forwards = list(rule.get("Actions")).stream()
				.anyMatch((action) -> targetGroup.equals(target(map(action).get("TargetGroupArn"))));
			if (forwards) {
				assertThat(dependsOn).as(id).contains(id);
				// The rule sits on the HTTPS listener when there is one, so the service
				// waits for that listener too.
				assertThat(list(map(rule.get("ListenerArn")).get("Fn::If"))).contains(Map.of("Ref", "HttpsListener"));
			}
		});
	}

	@Test
	void givesTheHttpsUrlOnTheCertificatesDomainAndRequiresTheDomainWithACertificate() {
		Map<String, Object> url = map(
				map(map(this.services.document().get("Outputs")).get("LoadBalancerUrl")).get("Value"));
		List<Object> choice = list(url.get("Fn::If"));
		assertThat(choice.get(0)).isEqualTo("HasCertificate");
		assertThat(choice.get(1)).isEqualTo(Map.of("Fn::Sub", "https://${DomainName}"));
		Map<String, Object> rule = map(map(this.services.document().get("Rules")).get("CertificateNeedsItsDomainName"));
		assertThat(rule.get("RuleCondition").toString()).contains("CertificateArn");
		assertThat(list(rule.get("Assertions")).toString()).contains("DomainName");
	}

	@Test
	void createsAVpcEndpointForEveryServiceTheTasksReachWithoutANatGateway() {
		Map<String, String> endpoints = new TreeMap<>();
		this.services.resources("AWS::EC2::VPCEndpoint").forEach((id, endpoint) -> {
			String name = String.valueOf(map(endpoint.get("ServiceName")).get("Fn::Sub"));
			endpoints.put(name.substring(name.lastIndexOf('.', name.indexOf("}.") + 1) + 1).replace("}.", ""),
					String.valueOf(endpoint.get("VpcEndpointType")));
			assertThat(this.services.resources().get(id)).as(id).containsEntry("Condition", "CreatesVpcEndpoints");
		});
		// What the tasks call: their roles' services, ECR (image pulls, layers in S3),
		// CloudWatch Logs, Secrets Manager (SMTP credentials) and SES SMTP.
		Set<String> reached = new TreeSet<>(Set.of("ecr.api", "ecr.dkr", "s3", "logs", "secretsmanager", "email-smtp"));
		this.services.resources("AWS::IAM::Role")
			.forEach((id, role) -> CloudFormationTemplateTests.statements(role)
				.forEach((statement) -> items(statement.get("Action")).forEach((action) -> {
					String service = String.valueOf(action).substring(0, String.valueOf(action).indexOf(':'));
					// SQS and SNS use the KMS key themselves; the tasks never call KMS.
					if (!service.equals("kms")) {
						reached.add(service.equals("cloudwatch") ? "monitoring" : service);
					}
				})));
		assertThat(endpoints.keySet()).isEqualTo(reached);
		assertThat(endpoints).containsEntry("s3", "Gateway").containsEntry("dynamodb", "Gateway");
		String smtp = this.services.properties("VpcEndpointSecurityGroup").get("SecurityGroupIngress").toString();
		assertThat(smtp).contains("FromPort=587");
	}

	@Test
	void startsNoServiceBeforeItsVpcEndpointsExist() {
		Map<String, Object> ready = map(this.services.resources().get("VpcEndpointsReady").get("Metadata"));
		String waitedFor = ready.toString();
		this.services.resources("AWS::EC2::VPCEndpoint")
			.keySet()
			.forEach((endpoint) -> assertThat(waitedFor).contains("Ref=" + endpoint + "}"));
		this.services.resources("AWS::ECS::Service")
			.keySet()
			.forEach((service) -> assertThat(items(this.services.resources().get(service).get("DependsOn"))).as(service)
				.contains("VpcEndpointsReady"));
	}

	@Test
	void letsTheExecutionRoleDecryptASecretEncryptedWithACustomerManagedKeyOnlyThroughSecretsManager() {
		List<Map<String, Object>> statements = CloudFormationTemplateTests
			.statements(this.services.properties("TaskExecutionRole"));
		assertThat(statements).anySatisfy((statement) -> {
			assertThat(statement).containsEntry("Action", "kms:Decrypt")
				.containsEntry("Resource", Map.of("Ref", "SmtpCredentialsKeyArn"));
			assertThat(map(map(statement.get("Condition")).get("StringEquals"))).containsKey("kms:ViaService");
		});
		List<Object> policies = list(this.services.properties("TaskExecutionRole").get("Policies"));
		assertThat(policies).anySatisfy((policy) -> assertThat(map(policy)).containsKey("Fn::If")
			.satisfies((conditional) -> assertThat(list(conditional.get("Fn::If"))).first()
				.isEqualTo("HasSmtpCredentialsKey")));
	}

	@Test
	void publishesEveryServicesMetricsToCloudWatchInOneNamespaceItsRoleMayWrite() {
		this.services.resources("AWS::ECS::TaskDefinition").forEach((id, task) -> {
			Map<String, Object> container = map(list(task.get("ContainerDefinitions")).get(0));
			Map<String, Object> environment = new TreeMap<>();
			list(container.get("Environment"))
				.forEach((item) -> environment.put(String.valueOf(map(item).get("Name")), map(item).get("Value")));
			assertThat(environment).as(id)
				.containsEntry("MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_ENABLED", "true")
				.containsEntry("MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE", Map.of("Ref", "MetricsNamespace"));
			String role = target(task.get("TaskRoleArn"));
			assertThat(CloudFormationTemplateTests.statements(this.services.properties(role))).as(role)
				.anySatisfy((statement) -> {
					assertThat(statement).containsEntry("Action", "cloudwatch:PutMetricData");
					assertThat(map(map(statement.get("Condition")).get("StringEquals")))
						.containsEntry("cloudwatch:namespace", Map.of("Ref", "MetricsNamespace"));
				});
			String module = String.valueOf(container.get("Name"));
			assertThat(Repository.text(module + "/pom.xml")).as(module + " has the CloudWatch registry")
				.contains("<artifactId>spring-cloud-aws-starter-metrics</artifactId>");
		});
		String dashboard = this.services.properties("Dashboard").get("DashboardBody").toString();
		assertThat(dashboard).contains("{${MetricsNamespace}}");
		Matcher names = Pattern.compile("MetricName=\\\\\"([a-z.]+)\\\\\"").matcher(dashboard);
		while (names.find()) {
			assertThat(names.group(1)).startsWith("fanoutlab.");
		}
	}

	@Test
	void sendsEmailFromTheSenderAddressTheDeployerGives() {
		assertThat(this.services.parameter("NotificationsFrom")).doesNotContainKey("Default");
		Map<String, Object> notifier = map(
				list(this.services.properties("NotifierTaskDefinition").get("ContainerDefinitions")).get(0));
		assertThat(list(notifier.get("Environment")))
			.contains(Map.of("Name", "FANOUT_LAB_NOTIFICATIONS_FROM", "Value", Map.of("Ref", "NotificationsFrom")));
	}

	private Set<String> scaledServices() {
		Set<String> scaled = new TreeSet<>();
		this.services.resources("AWS::ApplicationAutoScaling::ScalableTarget").forEach((id, target) -> {
			Matcher service = SCALED_SERVICE.matcher(String.valueOf(map(target.get("ResourceId")).get("Fn::Sub")));
			assertThat(service.matches()).as(id).isTrue();
			scaled.add(service.group(1));
		});
		return scaled;
	}

}
