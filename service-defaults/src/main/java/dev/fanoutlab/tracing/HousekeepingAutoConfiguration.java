package dev.fanoutlab.tracing;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Leaves housekeeping requests out of the traces ({@link HousekeepingUntraced}) in every
 * service with a servlet web server.
 */
@AutoConfiguration
@ConditionalOnClass(name = { "org.springframework.http.server.observation.ServerRequestObservationContext",
		"jakarta.servlet.http.HttpServletRequest" })
public class HousekeepingAutoConfiguration {

	@Bean
	ObservationPredicate housekeepingUntraced() {
		return new HousekeepingUntraced();
	}

}
