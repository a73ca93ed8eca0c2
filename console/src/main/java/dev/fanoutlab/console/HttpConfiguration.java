package dev.fanoutlab.console;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The console's HTTP client of the services. Short timeouts: one hung service must not
 * freeze the console, which refreshes everything on one thread.
 */
@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

	@Bean
	RestClient servicesClient() {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(Duration.ofSeconds(1));
		requests.setReadTimeout(Duration.ofSeconds(3));
		return RestClient.builder().requestFactory(requests).build();
	}

}
