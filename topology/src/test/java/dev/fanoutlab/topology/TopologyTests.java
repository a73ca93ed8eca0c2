package dev.fanoutlab.topology;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopologyTests {

	private final Topology topology = Topology.fanoutLab();

	@Test
	void fansTheOrdersTopicOutToFulfilmentAndNotifications() {
		assertThat(this.topology.topicName()).isEqualTo("orders");
		assertThat(this.topology.subscriptions()).extracting(Topology.Subscription::queueName)
			.containsExactly("order-fulfilment", "order-notifications");
	}

	@Test
	void namesEachDeadLetterQueueAfterItsQueue() {
		assertThat(this.topology.subscription("order-fulfilment").deadLetterQueueName())
			.isEqualTo("order-fulfilment-dlq");
	}

	@Test
	void redrivesAfterThreeReceivesUnlessConfigured() {
		assertThat(this.topology.subscriptions())
			.allSatisfy((subscription) -> assertThat(subscription.maxReceiveCount()).isEqualTo(3));
		assertThat(Topology.fanoutLab(5).subscription("order-notifications").maxReceiveCount()).isEqualTo(5);
	}

	@Test
	void keepsDeadLettersLongerThanTheirSourceQueues() {
		assertThat(this.topology.subscriptions())
			.allSatisfy((subscription) -> assertThat(Topology.Subscription.DEAD_LETTER_RETENTION)
				.isGreaterThan(subscription.messageRetention()));
	}

	@Test
	void filtersOnlyTheNotificationsSubscription() {
		assertThat(this.topology.subscription("order-fulfilment").filterPolicy()).isNull();
		assertThat(this.topology.subscription("order-notifications").filterPolicy())
			.contains("\"notifyCustomer\":[\"true\"]");
	}

	@Test
	void rejectsAMaxReceiveCountOutsideWhatSqsAccepts() {
		assertThatIllegalArgumentException().isThrownBy(() -> Topology.fanoutLab(0));
		assertThatIllegalArgumentException().isThrownBy(() -> Topology.fanoutLab(1001));
	}

	@Test
	void policiesLetOnlyTheTopicSend() {
		assertThat(QueuePolicy.onlyTopicMaySend("arn:aws:sqs:eu-west-1:111122223333:q",
				"arn:aws:sns:eu-west-1:111122223333:orders"))
			.contains("\"Service\":\"sns.amazonaws.com\"")
			.contains("\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:eu-west-1:111122223333:orders\"}");
	}

}
