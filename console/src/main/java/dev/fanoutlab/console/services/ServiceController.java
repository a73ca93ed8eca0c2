package dev.fanoutlab.console.services;

import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pause, resume or slow down a service's listener (see the README, "The console").
 */
@RestController
class ServiceController {

	private final ServiceStats services;

	ServiceController(ServiceStats services) {
		this.services = services;
	}

	@PostMapping("/api/services/{name}/listener")
	JsonNode changeListener(@PathVariable String name, @RequestBody Map<String, Object> change) {
		return this.services.changeListener(name, change);
	}

}
