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

	@Test
	void groupsACustomersOrdersUnderAStableIdThatIsAValidSnsGroupIdAndDoesNotCarryTheAddress() {
		String group = SnsOrderPublisher.messageGroupId("Ada.Lovelace@Example.com");

		assertThat(group).isEqualTo(SnsOrderPublisher.messageGroupId("ada.lovelace@example.com"))
			.isNotEqualTo(SnsOrderPublisher.messageGroupId("grace@example.com"))
			.doesNotContainIgnoringCase("ada")
			.doesNotContainIgnoringCase("example")
			.matches("customer-[0-9a-f]{64}")
			.hasSizeLessThanOrEqualTo(128);
		assertThat(SnsOrderPublisher.messageGroupId("\u00e9" + "a".repeat(240) + "@example.com"))
			.hasSizeLessThanOrEqualTo(128)
			.matches("[\\x21-\\x7E]+");
	}

}
