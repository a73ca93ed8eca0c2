package dev.fanoutlab.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.fanoutlab.system.ChaosOrders.Order;

/**
 * The verdict of a chaos run, from the effects found in the stores themselves: the rows
 * of the fulfilments table, the emails in the mailbox and the messages in the dead-letter
 * queues, each attributed to its order by the order's marker (its correlation id, the
 * local part of its customer's address).
 * <ul>
 * <li>{@code lost}: accepted orders (not poison) without a fulfilment under the order id
 * the client was given, plus expected emails that never arrived;</li>
 * <li>{@code fulfilled_twice}: orders with more than one fulfilment row;</li>
 * <li>{@code emailed_twice}: recipients with more than one email, except one second email
 * to a recipient whose notification was sent but not yet marked sent when the notifier
 * was killed: the documented at-least-once window of email;</li>
 * <li>{@code poison_in_dlq}: poison orders found in {@code order-fulfilment-dlq}; each
 * must be there, once, and nowhere else.</li>
 * </ul>
 * {@code fulfilled} counts rows and {@code notified} counts emails, so a double effect
 * shows in them too.
 * <p>
 * A run whose faults did not happen proves nothing, so the verdict also fails when a
 * fault injection failed, no consumer-service instance was killed, the notifier was not
 * killed exactly once, the emulator was not frozen as long as planned, or a freeze of at
 * least {@link #LONG_FREEZE} produced no 503 for the requests that had to outlast the
 * producer's AWS timeouts in it ({@link Faults}).
 */
final class ChaosTally {

	private static final int SHOWN = 10;

	/** A freeze this long must be answered with 503 by the producer. */
	static final Duration LONG_FREEZE = Duration.ofSeconds(5);

	final int accepted;

	final int fulfilled;

	final int notified;

	final int expectedNotified;

	final int poisonInDlq;

	final int lost;

	final int fulfilledTwice;

	final int emailedTwice;

	/** Second emails within the crash window of the notifier kill, allowed. */
	final int emailedTwiceAfterCrash;

	final List<String> problems = new ArrayList<>();

	/**
	 * @param orders every order the run placed
	 * @param fulfilments the fulfilments table, one entry per row
	 * @param recipients the mailbox, one entry per email and recipient
	 * @param fulfilmentDlq the correlation id of each message in
	 * {@code order-fulfilment-dlq}
	 * @param notificationDlq the correlation id of each message in
	 * {@code order-notifications-dlq}
	 * @param sentAtCrash recipients whose email was sent but not marked sent when the
	 * notifier was killed: one more email to them is at-least-once delivery
	 * @param drained whether the queues emptied before the drain timeout
	 * @param faults the faults the run injected
	 */
	ChaosTally(List<Order> orders, List<Fulfilled> fulfilments, List<String> recipients, List<String> fulfilmentDlq,
			List<String> notificationDlq, Set<String> sentAtCrash, boolean drained, Faults faults) {
		Map<String, Order> byMarker = orders.stream().collect(Collectors.toMap((order) -> order.marker, (o) -> o));
		Map<String, List<Fulfilled>> fulfilled = new HashMap<>();
		List<String> unattributed = new ArrayList<>();
		for (Fulfilled row : fulfilments) {
			if (byMarker.containsKey(row.correlationId())) {
				fulfilled.computeIfAbsent(row.correlationId(), (marker) -> new ArrayList<>()).add(row);
			}
			else {
				unattributed.add(row.correlationId() + "/" + row.orderId());
			}
		}
		Map<String, Integer> emails = new TreeMap<>();
		List<String> strangers = new ArrayList<>();
		for (String recipient : recipients) {
			String address = recipient.toLowerCase(Locale.ROOT);
			String marker = address.endsWith("@" + ChaosOrders.DOMAIN)
					? address.substring(0, address.length() - ChaosOrders.DOMAIN.length() - 1) : address;
			if (byMarker.containsKey(marker)) {
				emails.merge(marker, 1, Integer::sum);
			}
			else {
				strangers.add(address);
			}
		}
		Map<String, Integer> inFulfilmentDlq = counts(fulfilmentDlq);

		List<Order> acceptedOrders = orders.stream().filter(Order::accepted).toList();
		List<String> notAccepted = orders.stream()
			.filter((order) -> !order.accepted())
			.map((order) -> order.marker + " (" + order.outcome + ")")
			.toList();
		List<String> notFulfilled = new ArrayList<>();
		List<String> notEmailed = new ArrayList<>();
		List<String> poisonFulfilled = new ArrayList<>();
		List<String> poisonMissing = new ArrayList<>();
		List<String> unexpectedEmail = new ArrayList<>();
		int poisonFound = 0;
		for (Order order : acceptedOrders) {
			List<Fulfilled> rows = fulfilled.getOrDefault(order.marker, List.of());
			if (order.poison) {
				if (!rows.isEmpty()) {
					poisonFulfilled.add(order.marker);
				}
				if (inFulfilmentDlq.containsKey(order.marker)) {
					poisonFound++;
				}
				else {
					poisonMissing.add(order.marker);
				}
			}
			else if (rows.stream().noneMatch((row) -> row.orderId().equals(order.orderId))) {
				notFulfilled.add(order.marker + (rows.isEmpty() ? "" : " (fulfilled only under another orderId)"));
			}
			if (order.notifies && !emails.containsKey(order.marker)) {
				notEmailed.add(order.marker);
			}
		}
		for (Map.Entry<String, Integer> email : emails.entrySet()) {
			Order order = byMarker.get(email.getKey());
			if (!order.notifies || !order.accepted()) {
				unexpectedEmail.add(email.getKey());
			}
		}
		Map<String, Integer> twiceFulfilled = new TreeMap<>();
		fulfilled.forEach((marker, rows) -> {
			if (rows.size() > 1) {
				twiceFulfilled.put(marker, rows.size());
			}
		});
		Map<String, Integer> twiceEmailed = new TreeMap<>();
		int allowed = 0;
		for (Map.Entry<String, Integer> email : emails.entrySet()) {
			String address = email.getKey() + "@" + ChaosOrders.DOMAIN;
			if (email.getValue() == 2 && sentAtCrash.contains(address)) {
				allowed++;
			}
			else if (email.getValue() > 1) {
				twiceEmailed.put(email.getKey(), email.getValue());
			}
		}
		List<String> healthyInDlq = inFulfilmentDlq.keySet()
			.stream()
			.filter((marker) -> !byMarker.containsKey(marker) || !byMarker.get(marker).poison)
			.toList();
		List<String> poisonTwiceInDlq = inFulfilmentDlq.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 1)
			.map(Map.Entry::getKey)
			.toList();

		this.accepted = acceptedOrders.size();
		this.fulfilled = fulfilled.values().stream().mapToInt(List::size).sum();
		this.notified = emails.values().stream().mapToInt(Integer::intValue).sum();
		this.expectedNotified = (int) acceptedOrders.stream().filter((order) -> order.notifies).count();
		this.poisonInDlq = poisonFound;
		this.lost = notFulfilled.size() + notEmailed.size();
		this.fulfilledTwice = twiceFulfilled.size();
		this.emailedTwice = twiceEmailed.size();
		this.emailedTwiceAfterCrash = allowed;

		problem("not accepted by the producer", notAccepted);
		problem("accepted and never fulfilled (lost)", notFulfilled);
		problem("expected email never sent (lost)", notEmailed);
		problem("fulfilled more than once (marker=rows)", entries(twiceFulfilled));
		problem("emailed more than once (marker=emails)", entries(twiceEmailed));
		problem("poison order fulfilled", poisonFulfilled);
		problem("poison order not in order-fulfilment-dlq", poisonMissing);
		problem("in order-fulfilment-dlq more than once", poisonTwiceInDlq);
		problem("healthy order in order-fulfilment-dlq", healthyInDlq);
		problem("in order-notifications-dlq", notificationDlq);
		problem("email to a recipient who expects none", unexpectedEmail);
		problem("email to an address of no order", strangers);
		problem("fulfilment of no order (correlationId/orderId)", unattributed);
		if (!drained) {
			this.problems.add("the queues did not drain within the drain timeout");
		}
		checkThatTheFaultsHappened(faults);
	}

	private void checkThatTheFaultsHappened(Faults faults) {
		problem("fault injection failed", faults.failedInjections());
		if (faults.consumerKills() < 1) {
			this.problems.add("no consumer-service instance was killed");
		}
		if (faults.notifierKills() != 1) {
			this.problems.add("notifier-service was killed " + faults.notifierKills() + " times, not once");
		}
		if (!faults.freezePlanned().isZero() && faults.frozen().compareTo(faults.freezePlanned()) < 0) {
			this.problems.add("the emulator was frozen " + faults.frozen().toMillis() + " ms of the planned "
					+ faults.freezePlanned().toMillis() + " ms");
		}
		if (faults.freezePlanned().compareTo(LONG_FREEZE) >= 0 && faults.sentEarlyInFreeze() > 0
				&& faults.unavailableEarlyInFreeze() == 0) {
			this.problems.add("no 503 to any of the " + faults.sentEarlyInFreeze()
					+ " request(s) sent early in the emulator's freeze");
		}
	}

	boolean passed() {
		return this.problems.isEmpty();
	}

	/** The one line a run ends with. */
	String line() {
		return "chaos: accepted=" + this.accepted + " fulfilled=" + this.fulfilled + " notified=" + this.notified
				+ " expected_notified=" + this.expectedNotified + " poison_in_dlq=" + this.poisonInDlq + " lost="
				+ this.lost + " fulfilled_twice=" + this.fulfilledTwice + " emailed_twice=" + this.emailedTwice;
	}

	private void problem(String what, Collection<String> markers) {
		if (!markers.isEmpty()) {
			this.problems.add(what + ": " + markers.size() + " "
					+ markers.stream()
						.limit(SHOWN)
						.collect(Collectors.joining(", ", "[", (markers.size() > SHOWN) ? ", …]" : "]")));
		}
	}

	private static Map<String, Integer> counts(List<String> values) {
		return values.stream()
			.collect(Collectors.toMap(Function.identity(), (value) -> 1, Integer::sum, LinkedHashMap::new));
	}

	private static List<String> entries(Map<String, Integer> counts) {
		return counts.entrySet().stream().map((entry) -> entry.getKey() + "=" + entry.getValue()).toList();
	}

	/**
	 * The faults a run injected, each to be checked as having happened.
	 *
	 * @param consumerKills consumer-service instances SIGKILLed: at least one expected
	 * @param notifierKills SIGKILLs of notifier-service: exactly one expected
	 * @param freezePlanned how long the emulator was to be frozen, zero for no freeze
	 * @param frozen how long it was frozen, SIGSTOP to SIGCONT, zero when it never was
	 * @param sentEarlyInFreeze order requests sent while the emulator was frozen and long
	 * enough before the thaw for the producer's AWS timeouts to expire first (each must
	 * be answered 503)
	 * @param unavailableEarlyInFreeze how many of those were answered 503
	 * @param failedInjections every fault injection that threw, with what it threw
	 */
	record Faults(int consumerKills, int notifierKills, Duration freezePlanned, Duration frozen, int sentEarlyInFreeze,
			int unavailableEarlyInFreeze, List<String> failedInjections) {

	}

	/**
	 * One row of the fulfilments table.
	 *
	 * @param correlationId the marker of the order
	 * @param orderId the order id
	 * @param eventId the event id, the key of the row
	 */
	record Fulfilled(String correlationId, String orderId, String eventId) {

	}

}
