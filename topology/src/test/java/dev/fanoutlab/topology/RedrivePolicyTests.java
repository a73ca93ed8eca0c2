package dev.fanoutlab.topology;

import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedrivePolicyTests {

	private static final String DLQ_ARN = "arn:aws:sqs:eu-west-1:111122223333:order-fulfilment-dlq";

	@Test
	void readsTheDeadLetterQueueAndReceiveCountAsSqsReportsThem() {
		RedrivePolicy policy = RedrivePolicy
			.parse("{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":3}");

		assertThat(policy.deadLetterTargetArn()).isEqualTo(DLQ_ARN);
		assertThat(policy.deadLetterQueueName()).isEqualTo("order-fulfilment-dlq");
		assertThat(policy.maxReceiveCount()).isEqualTo(3);
	}

	@Test
	void readsAReceiveCountGivenAsAStringAndFieldsInAnyOrderAndSpacing() {
		RedrivePolicy policy = RedrivePolicy
			.parse("{ \"maxReceiveCount\" : \"5\",\n \"deadLetterTargetArn\" : \"" + DLQ_ARN + "\" }");

		assertThat(policy).isEqualTo(new RedrivePolicy(DLQ_ARN, 5));
	}

	@Test
	void writesWhatItReads() {
		RedrivePolicy policy = new RedrivePolicy(DLQ_ARN, 3);

		assertThat(policy.toJson()).isEqualTo("{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":3}");
		assertThat(RedrivePolicy.parse(policy.toJson())).isEqualTo(policy);
	}

	@Test
	void findsNoPolicyOnAQueueWithout() {
		assertThat(RedrivePolicy.of(Map.of())).isEmpty();
		assertThat(RedrivePolicy.of(Map.of(QueueAttributeName.REDRIVE_POLICY, ""))).isEmpty();
		assertThat(RedrivePolicy.of(Map.of(QueueAttributeName.REDRIVE_POLICY, new RedrivePolicy(DLQ_ARN, 2).toJson())))
			.contains(new RedrivePolicy(DLQ_ARN, 2));
	}

	@Test
	void rejectsWhatIsNotARedrivePolicy() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedrivePolicy.parse("not json"));
		assertThatIllegalArgumentException().isThrownBy(() -> RedrivePolicy.parse("{\"maxReceiveCount\":3}"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedrivePolicy.parse("{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\"}"));
	}

}
