package dev.fanoutlab.producer.orders;

import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

class SnsOrderPublisherTests {

	@Test
	void countsTheBodyAndEachAttributesNameDataTypeAndValueInUtf8BytesAsSnsDoes() {
		MessageAttributeValue value = MessageAttributeValue.builder().dataType("String").stringValue("é").build();

		long size = SnsOrderPublisher.size("{\"a\":\"€\"}", Map.of("k", value));

		// body: 8 ASCII characters and the 3 bytes of €; "k"; "String"; the 2 bytes of é
		assertThat(size).isEqualTo((8 + 3) + 1 + 6 + 2);
	}

}
