package dev.fanoutlab.consumer.fulfilment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.fanoutlab.consumer.fulfilment.Fulfilment.Outcome;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two consumer instances, each with its own {@link Fulfilment} and warehouse, sharing the
 * real fulfilments table, process the same event at the same moment: both pass the
 * look-up before either records, and the conditional put lets exactly one fulfil.
 */
class FulfilmentConcurrencyIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	static final FulfilmentProperties properties = new FulfilmentProperties("fanout-lab-fulfilments",
			Set.of("BOOK-42"));

	@Test
	void fulfilsAnEventProcessedByTwoInstancesAtTheSameMomentExactlyOnce() throws Exception {
		aws.provision();
		CyclicBarrier bothInTheWarehouse = new CyclicBarrier(2);
		AtomicInteger reservations = new AtomicInteger();
		Warehouse warehouse = (orderId, event) -> {
			reservations.incrementAndGet();
			try {
				bothInTheWarehouse.await(60, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("The other instance never arrived", ex);
			}
		};
		Fulfilment first = instance(warehouse);
		Fulfilment second = instance(warehouse);
		OrderPlaced event = new OrderPlaced(UUID.randomUUID(), 1, Instant.now(), "test", UUID.randomUUID(), "EUR",
				List.of(new OrderPlaced.Line("BOOK-42", 2)), new BigDecimal("25.00"));

		ExecutorService instances = Executors.newFixedThreadPool(2);
		try {
			Future<Outcome> a = instances.submit(() -> first.fulfil(event));
			Future<Outcome> b = instances.submit(() -> second.fulfil(event));

			assertThat(List.of(a.get(90, TimeUnit.SECONDS), b.get(90, TimeUnit.SECONDS)))
				.containsExactlyInAnyOrder(Outcome.FULFILLED, Outcome.DUPLICATE);
		}
		finally {
			instances.shutdownNow();
		}
		assertThat(reservations).as("both passed the look-up").hasValue(2);
		assertThat(records(event.orderId())).isEqualTo(1);
	}

	private static Fulfilment instance(Warehouse warehouse) {
		return new Fulfilment(warehouse, new Fulfilments(aws.dynamoDb(), properties), Clock.systemUTC());
	}

	private static int records(UUID orderId) {
		return aws.dynamoDb()
			.query((request) -> request.tableName(properties.table())
				.indexName("orderId-index")
				.keyConditionExpression("orderId = :orderId")
				.expressionAttributeValues(Map.of(":orderId", AttributeValue.fromS(orderId.toString()))))
			.count();
	}

}
