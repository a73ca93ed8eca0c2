package dev.fanoutlab.producer.orders;

/**
 * Publishes order events to the subscribers of the orders topic.
 */
public interface OrderPublisher {

	/**
	 * Publish the event and return once the broker accepted it.
	 * @param event the event
	 * @throws PublishFailedException if the broker did not accept it
	 * @throws MessageTooLargeException if the event does not fit in one message
	 */
	void publish(OrderPlaced event);

}
