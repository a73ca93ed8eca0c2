package dev.fanoutlab.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.fanoutlab.system.ChaosOrders.Order;
import dev.fanoutlab.system.ChaosTally.Faults;
import dev.fanoutlab.system.ChaosTally.Fulfilled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict of a chaos run fails on every kind of loss and double effect it promises to
 * catch, and on every fault that did not happen, and passes a clean run.
 */
class ChaosTallyTests {

	// Orders: 0 and 1 notify, 2 is quiet (no email), 3 is poison.
	final List<Order> orders = List.of(order(0, false, true), order(1, false, true), order(2, false, false),
			order(3, true, false));

	final List<Fulfilled> fulfilments = new ArrayList<>(List.of(fulfilled(0), fulfilled(1), fulfilled(2)));

	final List<String> mailbox = new ArrayList<>(List.of(recipient(0), recipient(1)));

	final List<String> fulfilmentDlq = new ArrayList<>(List.of("run-3"));

	// Two consumer kills, one notifier kill, a 5 s freeze with 3 requests early in it, 2
	// answered 503.
	Faults faults = new Faults(2, 1, Duration.ofSeconds(5), Duration.ofMillis(5003), 3, 2, List.of());

	@Test
	void aRunWithEveryEffectExactlyOncePassesWithZeros() {
		ChaosTally tally = tally(Set.of());

		assertThat(tally.passed()).as(tally.problems.toString()).isTrue();
		assertThat(tally.line()).isEqualTo("chaos: accepted=4 fulfilled=3 notified=2 expected_notified=2 "
				+ "poison_in_dlq=1 lost=0 fulfilled_twice=0 emailed_twice=0");
	}

	@Test
	void aMissingFulfilmentOrEmailIsLost() {
		this.fulfilments.remove(1);
		this.mailbox.remove(0);

		ChaosTally tally = tally(Set.of());

		assertThat(tally.passed()).isFalse();
		assertThat(tally.lost).isEqualTo(2);
	}

	@Test
	void anOrderFulfilledOnlyUnderIdsTheClientNeverGotIsLost() {
		this.fulfilments.set(0, new Fulfilled("run-0", "phantom-order", "phantom-event"));

		ChaosTally tally = tally(Set.of());

		assertThat(tally.lost).isEqualTo(1);
		assertThat(tally.passed()).isFalse();
	}

	@Test
	void anOrderPublishedAgainUnderNewIdsIsFulfilledAndEmailedTwice() {
		this.fulfilments.add(new Fulfilled("run-0", "new-order", "new-event"));
		this.mailbox.add(recipient(0));

		ChaosTally tally = tally(Set.of());

		assertThat(tally.line()).contains("fulfilled=4", "notified=3", "lost=0", "fulfilled_twice=1",
				"emailed_twice=1");
		assertThat(tally.passed()).isFalse();
	}

	@Test
	void aSecondEmailIsAllowedOnlyToARecipientEmailedButNotMarkedWhenTheNotifierWasKilled() {
		this.mailbox.add(recipient(0));

		assertThat(tally(Set.of(recipient(0))).passed()).isTrue();
		assertThat(tally(Set.of(recipient(1))).emailedTwice).isEqualTo(1);
		this.mailbox.add(recipient(0));
		assertThat(tally(Set.of(recipient(0))).emailedTwice).as("a third email").isEqualTo(1);
	}

	@Test
	void aPoisonOrderOutsideItsDeadLetterQueueFails() {
		this.fulfilmentDlq.clear();

		ChaosTally tally = tally(Set.of());

		assertThat(tally.poisonInDlq).isZero();
		assertThat(tally.passed()).isFalse();
	}

	@Test
	void aHealthyOrderInADeadLetterQueueOrAnEmailToAQuietCustomerFails() {
		assertThat(tally(Set.of()).passed()).isTrue();
		this.fulfilmentDlq.add("run-1");
		assertThat(tally(Set.of()).passed()).isFalse();
		this.fulfilmentDlq.remove("run-1");
		this.mailbox.add(recipient(2));
		assertThat(tally(Set.of()).passed()).isFalse();
	}

	@Test
	void anOrderNeverAcceptedOrQueuesThatDidNotDrainFail() {
		this.orders.get(2).orderId = null;
		assertThat(tally(Set.of()).passed()).isFalse();
		this.orders.get(2).orderId = "order-2";
		assertThat(new ChaosTally(this.orders, this.fulfilments, this.mailbox, this.fulfilmentDlq, List.of(), Set.of(),
				false, this.faults)
			.passed()).isFalse();
	}

	@Test
	void aFailedFaultInjectionFails() {
		this.faults = new Faults(2, 1, Duration.ofSeconds(5), Duration.ofMillis(5003), 3, 2,
				List.of("java.lang.IllegalStateException: kill -STOP 42 failed"));

		assertThat(tally(Set.of()).problems).singleElement()
			.asString()
			.contains("fault injection failed", "kill -STOP 42 failed");
	}

	@Test
	void aRunWithoutAConsumerKillFails() {
		this.faults = new Faults(0, 1, Duration.ofSeconds(5), Duration.ofMillis(5003), 3, 2, List.of());

		assertThat(tally(Set.of()).problems).singleElement().asString().contains("no consumer-service");
	}

	@Test
	void aRunWhoseNotifierWasNotKilledExactlyOnceFails() {
		this.faults = new Faults(2, 0, Duration.ofSeconds(5), Duration.ofMillis(5003), 3, 2, List.of());
		assertThat(tally(Set.of()).problems).singleElement().asString().contains("notifier-service was killed 0 times");
		this.faults = new Faults(2, 2, Duration.ofSeconds(5), Duration.ofMillis(5003), 3, 2, List.of());
		assertThat(tally(Set.of()).problems).singleElement().asString().contains("notifier-service was killed 2 times");
	}

	@Test
	void aPlannedFreezeThatDidNotHappenOrWasCutShortFails() {
		this.faults = new Faults(2, 1, Duration.ofSeconds(5), Duration.ZERO, 0, 0, List.of());
		assertThat(tally(Set.of()).problems).singleElement().asString().contains("frozen 0 ms of the planned 5000 ms");
		this.faults = new Faults(2, 1, Duration.ofSeconds(5), Duration.ofMillis(4900), 3, 2, List.of());
		assertThat(tally(Set.of()).passed()).isFalse();
	}

	@Test
	void noFreezeNeedsNeitherAFreezeNorA503() {
		this.faults = new Faults(2, 1, Duration.ZERO, Duration.ZERO, 0, 0, List.of());

		assertThat(tally(Set.of()).passed()).isTrue();
	}

	@Test
	void aLongFreezeWithRequestsEarlyInItButNo503Fails() {
		this.faults = new Faults(2, 1, Duration.ofSeconds(5), Duration.ofMillis(5003), 3, 0, List.of());

		assertThat(tally(Set.of()).problems).singleElement()
			.asString()
			.contains("no 503 to any of the 3 request(s) sent early in the emulator's freeze");
	}

	@Test
	void aFreezeWithoutRequestsEarlyInItOrShorterThanFiveSecondsNeedsNo503() {
		this.faults = new Faults(2, 1, Duration.ofSeconds(5), Duration.ofMillis(5003), 0, 0, List.of());
		assertThat(tally(Set.of()).passed()).as("no request early in the freeze").isTrue();
		this.faults = new Faults(2, 1, Duration.ofSeconds(4), Duration.ofMillis(4003), 3, 0, List.of());
		assertThat(tally(Set.of()).passed()).as("a 4 s freeze").isTrue();
	}

	private ChaosTally tally(Set<String> sentAtCrash) {
		return new ChaosTally(this.orders, this.fulfilments, this.mailbox, this.fulfilmentDlq, List.of(), sentAtCrash,
				true, this.faults);
	}

	private static Order order(int index, boolean poison, boolean notifies) {
		Order order = new Order(index, "run-" + index, poison, notifies);
		order.orderId = "order-" + index;
		order.eventId = "event-" + index;
		return order;
	}

	private static Fulfilled fulfilled(int index) {
		return new Fulfilled("run-" + index, "order-" + index, "event-" + index);
	}

	private static String recipient(int index) {
		return "run-" + index + "@" + ChaosOrders.DOMAIN;
	}

}
