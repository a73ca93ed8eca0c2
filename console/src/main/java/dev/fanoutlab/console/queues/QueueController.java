package dev.fanoutlab.console.queues;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's dead-letter queue calls: peek, redrive, purge (see the README, "The
 * console").
 */
@RestController
@RequestMapping("/api/queues/{name}")
class QueueController {

	private final LiveTopology topology;

	private final QueueOperations queues;

	QueueController(LiveTopology topology, QueueOperations queues) {
		this.topology = topology;
		this.queues = queues;
	}

	@GetMapping("/messages")
	List<LiveTopology.Peeked> peek(@PathVariable String name) {
		return this.topology.peek(name);
	}

	@PostMapping("/redrive")
	QueueOperations.Redrive redrive(@PathVariable String name,
			@RequestBody(required = false) @Nullable Map<String, Object> none) {
		return this.queues.redrive(name);
	}

	@DeleteMapping("/messages")
	ResponseEntity<Void> purge(@PathVariable String name, @RequestParam(required = false) @Nullable String confirm) {
		if (!name.equals(confirm)) {
			throw new IllegalArgumentException(
					"Purging deletes every message of '" + name + "': repeat the queue name in ?confirm=" + name);
		}
		this.queues.purge(name);
		return ResponseEntity.noContent().build();
	}

}
