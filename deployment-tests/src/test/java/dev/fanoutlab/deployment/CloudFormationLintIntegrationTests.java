package dev.fanoutlab.deployment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cfn-lint over the AWS deployment in {@code infra/}: a tool run (seconds), so it runs
 * with the integration tests ({@code verify}), beside the rules of
 * {@link CloudFormationTemplateTests}. A missing cfn-lint fails it.
 */
class CloudFormationLintIntegrationTests {

	@Test
	void passesCfnLintWithoutErrorsOrWarnings() {
		Repository.Run lint = Repository.run("cfn-lint", "--", "infra/messaging.yaml", "infra/services.yaml");

		// cfn-lint exit code: bit 2 errors, bit 4 warnings, bit 8 informational; anything
		// else (1: it crashed or could not read a template) fails too.
		assertThat(lint.exitCode()).as(lint.output()).isIn(0, 8);
	}

}
