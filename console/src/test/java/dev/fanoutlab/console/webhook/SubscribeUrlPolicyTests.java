package dev.fanoutlab.console.webhook;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubscribeUrlPolicyTests {

	@Test
	void acceptsOnlySnsOwnHttpsUrlInTheRegionOnAws() {
		SubscribeUrlPolicy policy = SubscribeUrlPolicy.aws("eu-west-1");

		assertThat(policy.accepts("https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=t")).isTrue();
		assertThat(policy.accepts("https://SNS.eu-west-1.amazonaws.com:443/?Action=ConfirmSubscription")).isTrue();
		assertThat(policy.accepts("http://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription")).isFalse();
		assertThat(policy.accepts("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription")).isFalse();
		assertThat(policy.accepts("https://sns.eu-west-1.amazonaws.com.attacker.example/")).isFalse();
		assertThat(policy.accepts("https://attacker.example/?sns.eu-west-1.amazonaws.com")).isFalse();
		assertThat(policy.accepts("https://sns.eu-west-1.amazonaws.com@attacker.example/")).isFalse();
		assertThat(policy.accepts("https://sns.eu-west-1.amazonaws.com:8443/")).isFalse();
		assertThat(policy.accepts("not a url")).isFalse();
		assertThat(policy.accepts(null)).isFalse();
	}

	@Test
	void acceptsOnlyTheEmulatorsEndpointAndTheNamesConfiguredForItAgainstAnEmulator() {
		SubscribeUrlPolicy policy = SubscribeUrlPolicy.emulator(URI.create("http://aws:4566"),
				List.of(" localhost.localstack.cloud:4566 ", ""));

		assertThat(policy.accepts("http://aws:4566/?Action=ConfirmSubscription&Token=t")).isTrue();
		assertThat(policy.accepts("http://localhost.localstack.cloud:4566/?Action=ConfirmSubscription")).isTrue();
		assertThat(policy.accepts("http://aws:4567/?Action=ConfirmSubscription")).isFalse();
		assertThat(policy.accepts("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription")).isFalse();
		assertThat(policy.accepts("http://attacker.example:4566/")).isFalse();
	}

}
