package dev.fanoutlab.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.fanoutlab.deployment.ComposeFileTests.list;
import static dev.fanoutlab.deployment.ComposeFileTests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/deploy-aws.sh} run for real against stand-ins for {@code aws} and
 * {@code docker} that record their calls and answer as AWS does in the situations of a
 * first deploy: a brand-new account, a rerun after a failed attempt, an arm64 laptop.
 */
class DeployAwsScriptIntegrationTests {

	/**
	 * Answers as the AWS CLI would: stacks live in files named after them holding their
	 * status; the ECS service-linked role exists already (AWS answers InvalidInput).
	 */
	private static final String AWS = """
			#!/usr/bin/env bash
			echo "aws $*" >> "$STUB_CALLS"
			stack=""
			previous=""
			for argument in "$@"; do
			  [ "$previous" = "--stack-name" ] && stack=$argument
			  previous=$argument
			done
			case "$1 $2" in
			  "sts get-caller-identity") echo 111122223333 ;;
			  "cloudformation describe-stacks")
			    [ -f "$STUB_STACKS/$stack" ] || { echo "Stack with id $stack does not exist" >&2; exit 254; }
			    case "$*" in
			      *StackStatus*) cat "$STUB_STACKS/$stack" ;;
			      *LoadBalancerUrl*) echo "$STUB_URL" ;;
			      *LoadBalancerDnsName*) echo fanout-lab-123.eu-west-1.elb.amazonaws.com ;;
			    esac ;;
			  "cloudformation delete-stack") rm -f "$STUB_STACKS/$stack" ;;
			  "cloudformation deploy") echo CREATE_COMPLETE > "$STUB_STACKS/$stack" ;;
			  "iam create-service-linked-role")
			    if [ -f "$STUB_STACKS/.ecs-role" ]; then
			      echo "An error occurred (InvalidInput) when calling the CreateServiceLinkedRole operation: Service role name AWSServiceRoleForECS has been taken in this account, please try a different suffix." >&2
			      exit 254
			    fi
			    touch "$STUB_STACKS/.ecs-role" ;;
			  "ecr get-login-password") echo password ;;
			esac
			exit 0
			""";

	private static final String DOCKER = """
			#!/usr/bin/env bash
			echo "docker $*" >> "$STUB_CALLS"
			cat > /dev/null
			""";

	@TempDir
	Path stubs;

	private final Map<String, String> environment = new HashMap<>();

	@BeforeEach
	void standIns() throws IOException {
		executable("aws", AWS);
		executable("docker", DOCKER);
		Files.createDirectories(this.stubs.resolve("stacks"));
		this.environment.putAll(Map.of("PATH", this.stubs + ":" + System.getenv("PATH"), "STUB_CALLS",
				this.stubs.resolve("calls").toString(), "STUB_STACKS", this.stubs.resolve("stacks").toString(),
				"STUB_URL", "http://fanout-lab-123.eu-west-1.elb.amazonaws.com", "AWS_REGION", "eu-west-1", "VPC_ID",
				"vpc-1", "PUBLIC_SUBNET_IDS", "subnet-a,subnet-b", "PRIVATE_SUBNET_IDS", "subnet-c,subnet-d",
				"SMTP_HOST", "email-smtp.eu-west-1.amazonaws.com", "SMTP_SECRET_ARN",
				"arn:aws:secretsmanager:eu-west-1:111122223333:secret:fanout-lab-smtp-AbCdEf"));
		this.environment.put("NOTIFICATIONS_FROM", "orders@example.com");
		this.environment.put("IMAGE_TAG", "test");
	}

	@Test
	void deploysBothStacksInAFreshAccountCreatingTheEcsServiceLinkedRoleFirst() {
		Repository.Run deploy = deploy();

		assertThat(deploy.exitCode()).as(deploy.output()).isZero();
		List<String> calls = calls();
		assertThat(indexOf(calls, "aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com"))
			.isGreaterThanOrEqualTo(0)
			.isLessThan(
					indexOf(calls, "aws cloudformation deploy --region eu-west-1 --stack-name fanout-lab-services"));
	}

	@Test
	void toleratesAnEcsServiceLinkedRoleThatExistsAlready() throws IOException {
		Files.createFile(this.stubs.resolve("stacks/.ecs-role"));

		Repository.Run deploy = deploy();

		assertThat(deploy.exitCode()).as(deploy.output()).isZero();
		assertThat(calls()).anySatisfy((call) -> assertThat(call).startsWith("aws cloudformation deploy")
			.contains("--stack-name fanout-lab-services"));
	}

	@Test
	void deletesStacksLeftInRollbackCompleteByAFailedFirstAttemptAndCreatesThemAgain() throws IOException {
		Files.writeString(this.stubs.resolve("stacks/fanout-lab-messaging"), "ROLLBACK_COMPLETE\n");
		Files.writeString(this.stubs.resolve("stacks/fanout-lab-services"), "ROLLBACK_COMPLETE\n");

		Repository.Run deploy = deploy();

		assertThat(deploy.exitCode()).as(deploy.output()).isZero();
		List<String> calls = calls();
		for (String stack : List.of("fanout-lab-messaging", "fanout-lab-services")) {
			int deleted = indexOf(calls, "aws cloudformation delete-stack --region eu-west-1 --stack-name " + stack);
			int waited = indexOf(calls,
					"aws cloudformation wait stack-delete-complete --region eu-west-1 --stack-name " + stack);
			int deployed = indexOf(calls, "aws cloudformation deploy --region eu-west-1 --stack-name " + stack);
			assertThat(deleted).as(stack).isGreaterThanOrEqualTo(0).isLessThan(waited);
			assertThat(waited).as(stack).isLessThan(deployed);
		}
	}

	@Test
	void leavesAHealthyStackToAnUpdate() throws IOException {
		Files.writeString(this.stubs.resolve("stacks/fanout-lab-messaging"), "UPDATE_COMPLETE\n");

		Repository.Run deploy = deploy();

		assertThat(deploy.exitCode()).as(deploy.output()).isZero();
		assertThat(calls()).noneSatisfy((call) -> assertThat(call).startsWith("aws cloudformation delete-stack"));
	}

	@Test
	void buildsEveryImageForTheTasksCpuArchitectureWhateverTheMachine() {
		Map<String, Object> parameter = Template.of("infra/services.yaml").parameter("CpuArchitecture");
		Map<String, String> platforms = Map.of("X86_64", "linux/amd64", "ARM64", "linux/arm64");
		assertThat(list(parameter.get("AllowedValues"))).containsExactlyInAnyOrderElementsOf(platforms.keySet());
		for (Object architecture : list(parameter.get("AllowedValues"))) {
			this.environment.put("CPU_ARCHITECTURE", String.valueOf(architecture));
			this.stubs.resolve("calls").toFile().delete();

			Repository.Run deploy = deploy();

			assertThat(deploy.exitCode()).as(deploy.output()).isZero();
			List<String> builds = calls().stream().filter((call) -> call.startsWith("docker build")).toList();
			assertThat(builds).as(String.valueOf(architecture))
				.hasSize(3)
				.allSatisfy((build) -> assertThat(build).contains("--platform " + platforms.get(architecture)));
			assertThat(servicesDeploy()).contains("CpuArchitecture=" + architecture);
		}
	}

	@Test
	void buildsForX8664ByDefaultAsTheTemplateRunsByDefault() {
		assertThat(Template.of("infra/services.yaml").parameter("CpuArchitecture")).containsEntry("Default", "X86_64");

		Repository.Run deploy = deploy();

		assertThat(deploy.exitCode()).as(deploy.output()).isZero();
		assertThat(calls()).filteredOn((call) -> call.startsWith("docker build"))
			.hasSize(3)
			.allSatisfy((build) -> assertThat(build).contains("--platform linux/amd64"));
		assertThat(servicesDeploy()).contains("CpuArchitecture=X86_64");
	}

	@Test
	void runsEveryTaskOnTheCpuArchitectureTheImagesAreBuiltFor() {
		Template services = Template.of("infra/services.yaml");
		assertThat(services.resources("AWS::ECS::TaskDefinition")).hasSize(3)
			.allSatisfy((id, task) -> assertThat(map(task.get("RuntimePlatform"))).as(id)
				.containsEntry("CpuArchitecture", Map.of("Ref", "CpuArchitecture"))
				.containsEntry("OperatingSystemFamily", "LINUX"));
	}

	@Test
	void printsTheHttpsUrlOfTheUsersDomainWithACertificate() {
		this.environment.put("CERTIFICATE_ARN", "arn:aws:acm:eu-west-1:111122223333:certificate/abc");
		this.environment.put("DOMAIN_NAME", "orders.example.com");
		this.environment.put("STUB_URL", "https://orders.example.com");

		Repository.Run deploy = deploy();

		assertThat(deploy.exitCode()).as(deploy.output()).isZero();
		assertThat(deploy.output()).contains("curl -i -X POST https://orders.example.com/api/orders")
			.contains("Point orders.example.com at fanout-lab-123.eu-west-1.elb.amazonaws.com");
		assertThat(servicesDeploy()).contains("DomainName=orders.example.com",
				"CertificateArn=arn:aws:acm:eu-west-1:111122223333:certificate/abc");
	}

	@Test
	void refusesACertificateWithoutItsDomainName() {
		this.environment.put("CERTIFICATE_ARN", "arn:aws:acm:eu-west-1:111122223333:certificate/abc");

		Repository.Run deploy = deploy();

		assertThat(deploy.exitCode()).isNotZero();
		assertThat(deploy.output()).contains("Set DOMAIN_NAME");
	}

	@Test
	void passesTheSenderAddressItRequires() {
		this.environment.remove("NOTIFICATIONS_FROM");
		this.environment.put("NOTIFICATIONS_FROM", "");
		Repository.Run refused = deploy();
		assertThat(refused.exitCode()).isNotZero();
		assertThat(refused.output()).contains("Set NOTIFICATIONS_FROM");

		this.environment.put("NOTIFICATIONS_FROM", "orders@example.com");
		Repository.Run deploy = deploy();
		assertThat(deploy.exitCode()).as(deploy.output()).isZero();
		assertThat(servicesDeploy()).contains("NotificationsFrom=orders@example.com");
	}

	private Repository.Run deploy() {
		return Repository.run(this.environment, Duration.ofMinutes(1), "bash", "scripts/deploy-aws.sh");
	}

	private String servicesDeploy() {
		return calls().stream()
			.filter((call) -> call.startsWith("aws cloudformation deploy") && call.contains("fanout-lab-services"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no deploy of fanout-lab-services in " + calls()));
	}

	private List<String> calls() {
		try {
			return Files.readAllLines(this.stubs.resolve("calls"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int indexOf(List<String> calls, String prefix) {
		for (int i = 0; i < calls.size(); i++) {
			if (calls.get(i).startsWith(prefix)) {
				return i;
			}
		}
		return -1;
	}

	private void executable(String name, String text) throws IOException {
		Path file = this.stubs.resolve(name);
		Files.writeString(file, text);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

}
