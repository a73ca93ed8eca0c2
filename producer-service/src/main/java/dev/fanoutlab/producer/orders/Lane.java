package dev.fanoutlab.producer.orders;

import java.util.Locale;

/**
 * The lane an order travels: {@code "lane"} in {@code POST /api/orders}.
 */
enum Lane {

	/**
	 * The SNS standard topic {@code orders}: best-effort order, at-least-once delivery,
	 * nearly unlimited throughput. The default.
	 */
	STANDARD,

	/**
	 * The SNS FIFO topic {@code orders.fifo}: one customer's orders are delivered in the
	 * order placed (message group = the customer), and a re-publish of the same event
	 * within 5 minutes is dropped by SNS (deduplication id = the event id). Costs
	 * throughput: 300 publishes per second per topic without batching.
	 */
	FIFO;

	/**
	 * The values {@code "lane"} accepts, as a regular expression.
	 */
	static final String VALUES = "standard|fifo";

	static Lane of(String lane) {
		return valueOf(lane.toUpperCase(Locale.ROOT));
	}

}
